/**
 * Runs one suite in process against a base URL, as `assay run` does (plan, then execute on the real
 * recording transport), and hands back every test's result, for the suites' own tests.
 */
import type { ProfileSet } from '../../profiles/index.js';
import type { TestResult } from '../../reports/model.js';
import type { DeclaredScope, InputValue } from '../../runner/config/types.js';
import { resolveTarget } from '../../runner/config/index.js';
import type { Suite } from '../../runner/dsl/index.js';
import { loadSuite } from '../../runner/dsl/index.js';
import { executePlan } from '../../runner/execute/index.js';
import { buildPlan } from '../../runner/plan/index.js';

export interface SuiteRunOptions {
  readonly baseUrl: string;
  readonly writable?: boolean;
  readonly scope?: DeclaredScope;
  readonly inputs?: Readonly<Record<string, InputValue>>;
  readonly profiles?: ProfileSet;
  /** Test id globs, as `--test`. */
  readonly tests?: readonly string[];
  /** Tests at a time (default 4); 1 runs them in plan order. */
  readonly concurrency?: number;
}

export async function runSuite(suite: Suite, options: SuiteRunOptions): Promise<readonly TestResult[]> {
  const resolved = resolveTarget(undefined, { target: options.baseUrl, cwd: process.cwd(), overrides: { rateLimit: 0, concurrency: options.concurrency ?? 4 } });
  const target = { ...resolved, writable: options.writable === true, ...(options.scope === undefined ? {} : { scope: options.scope }), inputs: options.inputs ?? {} };
  const suites = [loadSuite(suite)];
  const plan = buildPlan({ suites, target, filter: options.tests === undefined ? {} : { tests: options.tests }, inputs: { cli: [], env: {} } });
  const outcome = await executePlan({
    plan,
    suites,
    emit: () => undefined,
    interrupt: new AbortController().signal,
    env: {},
    ...(options.profiles === undefined ? {} : { profiles: options.profiles }),
  });
  return outcome.results;
}

/** `id outcome: message` lines of the results that are not pass, for readable assertion failures. */
export function notPassing(results: readonly TestResult[], outcomes: readonly TestResult['outcome'][] = ['fail', 'error']): string[] {
  return results.filter((result) => outcomes.includes(result.outcome)).map((result) => `${result.id} ${result.outcome}: ${result.message ?? ''}`);
}
