import { UsageError } from '../runner/errors.js';
import { compileSchema } from '../runner/json-schema.js';
import { parseJsonFile, readUserFile } from './user-file.js';
import type { Outcome, RunReport, RunSummary, TestResult } from './model.js';
import schema from './schemas/run-report.schema.json' with { type: 'json' };

const rerun = 're-run "assay run" to write it again, or point at the report.json it wrote';

/**
 * Reads a run report (report.json) and checks it against the published schema and for internal
 * consistency. A truncated, corrupted or foreign file gives one UsageError naming the file and the problem.
 */
export async function readRunReport(file: string): Promise<RunReport> {
  const text = await readUserFile(file, 'run report', 'check the path');
  return parseRunReport(text, file);
}

/** The same checks on text already in memory; `name` is how messages refer to it. */
export function parseRunReport(text: string, name: string): RunReport {
  return checkRunReport(parseJsonFile(text, `run report ${name}`, rerun), name);
}

export function checkRunReport(value: unknown, name: string): RunReport {
  const version = typeof value === 'object' && value !== null ? (value as { reportVersion?: unknown }).reportVersion : undefined;
  if (typeof version === 'number' && version > 1) {
    throw new UsageError(`run report ${name} has reportVersion ${version}, newer than this Assay reads (1)`, {
      fix: 'upgrade assay',
    });
  }
  const result = compileSchema<RunReport>(schema)(value);
  if (!result.ok) throw new UsageError(`${name} is not a valid Assay run report: ${result.problem}`, { fix: rerun });
  const inconsistency = findInconsistency(result.value);
  if (inconsistency !== undefined) {
    throw new UsageError(`${name} is not a consistent Assay run report: ${inconsistency}`, { fix: rerun });
  }
  return result.value;
}

/** What the schema cannot say: unique ids, known suites, and a summary that counts the tests. */
function findInconsistency(report: RunReport): string | undefined {
  const suites = new Set(report.suites.map((suite) => suite.id));
  const seen = new Set<string>();
  for (const [index, test] of report.tests.entries()) {
    if (seen.has(test.id)) return `test id "${test.id}" appears twice (/tests/${index})`;
    seen.add(test.id);
    if (!suites.has(test.suite)) return `test "${test.id}" belongs to suite "${test.suite}", which is not in /suites`;
  }
  const expected = summarise(report.tests);
  for (const key of Object.keys(expected) as (keyof RunSummary)[]) {
    if (expected[key] !== report.summary[key]) {
      return `/summary/${key} is ${report.summary[key]} but the tests count ${expected[key]}`;
    }
  }
  return undefined;
}

/** The summary a list of results implies (the definitions in model.ts). */
export function summarise(tests: readonly TestResult[]): RunSummary {
  const count = (outcome: Outcome) => tests.filter((test) => test.outcome === outcome).length;
  return {
    total: tests.length,
    pass: count('pass'),
    fail: count('fail'),
    skip: count('skip'),
    omit: count('omit'),
    error: count('error'),
    shallFailures: tests.filter((t) => t.level === 'SHALL' && (t.outcome === 'fail' || t.outcome === 'error')).length,
    shouldFailures: tests.filter((t) => t.level === 'SHOULD' && t.outcome === 'fail').length,
  };
}
