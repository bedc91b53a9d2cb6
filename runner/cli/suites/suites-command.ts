import { findConfig, loadConfig } from '../../config/index.js';
import { loadSuite } from '../../dsl/load.js';
import { ExitCode, UsageError } from '../../errors.js';
import type { CliIo } from '../command.js';
import { suiteRegistry } from '../run/suite-registry.js';
import type { SuiteCoverage } from './coverage.js';
import { coverageOf } from './coverage.js';
import { generatedSuites } from './generated.js';
import { packageCacheDir } from '../../../profiles/index.js';

export interface SuitesFlags {
  readonly coverage?: boolean;
  readonly format?: string;
  readonly config?: string;
  readonly 'package-cache'?: string;
}

/** `assay suites`: every suite with its version and counts; `--coverage` adds what is and is not tested. */
export async function suitesCommandBody(flags: SuitesFlags, io: CliIo): Promise<ExitCode> {
  const format = flags.format ?? 'text';
  if (format !== 'text' && format !== 'json') {
    throw new UsageError(`--format must be text or json (got "${format}")`);
  }
  const configFile = findConfig(io.cwd, flags.config);
  const loaded = configFile === undefined ? undefined : loadConfig(configFile, io.cwd);
  const generated = await generatedSuites(packageCacheDir(flags['package-cache'] ?? loaded?.config.packageCache, io.env));
  const coverage = [...(await suiteRegistry(loaded)), ...generated.suites].map((suite) => coverageOf(loadSuite(suite)));
  for (const note of generated.notes) io.stderr.write(`note: ${note}\n`);
  if (format === 'json') {
    const rows = flags.coverage === true ? coverage : coverage.map(({ id, version, title, requirements, tests }) => ({ id, version, title, requirements, tests }));
    io.stdout.write(`${JSON.stringify(rows, null, 2)}\n`);
    return ExitCode.Ok;
  }
  if (coverage.length === 0) {
    io.stdout.write('No suites are registered in this build of Assay.\n');
    return ExitCode.Ok;
  }
  io.stdout.write(flags.coverage === true ? coverageText(coverage) : listText(coverage));
  return ExitCode.Ok;
}

function listText(suites: readonly SuiteCoverage[]): string {
  const rows = suites.map((suite) => [suite.id, suite.version, `${suite.requirements}`, `${suite.tests}`, suite.title]);
  return table([['SUITE', 'VERSION', 'REQUIREMENTS', 'TESTS', 'TITLE'], ...rows]);
}

function coverageText(suites: readonly SuiteCoverage[]): string {
  const lines: string[] = [];
  for (const suite of suites) {
    const percent = suite.requirements === 0 ? 100 : Math.round((suite.covered.length / suite.requirements) * 100);
    lines.push(`${suite.id} ${suite.version}: ${suite.tests} tests; ${suite.covered.length} of ${suite.requirements} requirements have a test (${percent}%)`);
    for (const requirement of suite.uncovered) lines.push(`  no test   ${requirement.id}  ${requirement.level}  ${requirement.text}`);
    for (const test of suite.testsWithoutRequirement) lines.push(`  verifies no requirement   ${test}`);
  }
  return `${lines.join('\n')}\n`;
}

function table(rows: readonly (readonly string[])[]): string {
  const widths = rows[0]?.map((_, column) => Math.max(...rows.map((row) => (row[column] ?? '').length))) ?? [];
  return `${rows.map((row) => row.map((cell, column) => (column === row.length - 1 ? cell : cell.padEnd(widths[column] ?? 0))).join('  ')).join('\n')}\n`;
}
