import { rollUp } from '../../runner/dsl/outcome.js';
import type { Outcome, RunHeader, RunSummary, TestResult } from '../model.js';

export interface SummaryInput {
  readonly header: RunHeader;
  readonly results: readonly TestResult[];
  readonly summary: RunSummary;
  readonly complete: boolean;
  readonly seconds: number;
}

const order: readonly Outcome[] = ['pass', 'fail', 'error', 'skip', 'omit'];

/**
 * The end of the console output: each suite and group with its rolled-up outcome (the worst of its
 * required tests) and counts, then the totals, and a warning when the run did not complete.
 */
export function summaryLines(input: SummaryInput): string[] {
  const lines: string[] = [''];
  for (const suite of input.header.suites) {
    const tests = input.results.filter((result) => result.suite === suite.id);
    if (tests.length === 0) continue;
    lines.push(`${suite.id} ${suite.version}: ${rollUp(tests)}`);
    const groups = [...new Set(tests.map((test) => test.group))];
    const width = Math.max(...groups.map((group) => group.length));
    for (const group of groups) {
      const members = tests.filter((test) => test.group === group);
      lines.push(`  ${group.padEnd(width)}  ${rollUp(members).padEnd(5)}  ${counts(members)}`);
    }
  }
  const { summary } = input;
  lines.push(
    '',
    `${summary.total} test${summary.total === 1 ? '' : 's'}: ${summary.pass} passed, ${summary.fail} failed, ${summary.error} errors, ${summary.skip} skipped, ${summary.omit} omitted; ` +
      `${summary.shallFailures} SHALL failure${summary.shallFailures === 1 ? '' : 's'}, ${summary.shouldFailures} SHOULD; ${input.seconds.toFixed(1)} s`,
  );
  if (!input.complete) lines.push('INCOMPLETE: the run was interrupted; the report holds only the tests that finished');
  return lines;
}

function counts(tests: readonly TestResult[]): string {
  return order
    .map((outcome) => [outcome, tests.filter((test) => test.outcome === outcome).length] as const)
    .filter(([, count]) => count > 0)
    .map(([outcome, count]) => `${count} ${outcome}`)
    .join(', ');
}
