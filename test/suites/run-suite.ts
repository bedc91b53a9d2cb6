/**
 * Runs suites in process against a base URL, as `assay run` does (plan, then execute on the real
 * recording transport, with client-credentials auth and a custom CA when given), and hands back every
 * test's result, for the suites' own tests.
 */
import type { ProfileSet } from '../../profiles/index.js';
import type { TestResult } from '../../reports/model.js';
import type { AuthConfig, DeclaredScope, InputValue } from '../../runner/config/types.js';
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
  /** Authenticate with OAuth 2.0 client credentials at this token endpoint. */
  readonly clientCredentials?: { readonly tokenUrl: string; readonly clientId: string; readonly clientSecret: string };
  /** PEM files of CAs to trust besides the public roots (the target config's tls.ca). */
  readonly ca?: readonly string[];
  /** Environment the run reads secrets from (secret inputs given as `{ env: NAME }`). */
  readonly env?: Readonly<Record<string, string>>;
}

const secretVariable = 'ASSAY_SUITE_TESTS_CLIENT_SECRET';

export function runSuite(suite: Suite, options: SuiteRunOptions): Promise<readonly TestResult[]> {
  return runSuites([suite], options);
}

export async function runSuites(suites: readonly Suite[], options: SuiteRunOptions): Promise<readonly TestResult[]> {
  const resolved = resolveTarget(undefined, { target: options.baseUrl, cwd: process.cwd(), overrides: { rateLimit: 0, concurrency: options.concurrency ?? 4 } });
  const client = options.clientCredentials;
  const auth: AuthConfig =
    client === undefined ? { type: 'none' } : { type: 'client-credentials', tokenUrl: client.tokenUrl, clientId: client.clientId, clientSecret: { env: secretVariable } };
  const target = {
    ...resolved,
    auth,
    writable: options.writable === true,
    ...(options.scope === undefined ? {} : { scope: options.scope }),
    inputs: options.inputs ?? {},
    ...(options.ca === undefined ? {} : { tls: { ca: options.ca } }),
  };
  const loaded = suites.map((suite) => loadSuite(suite));
  const plan = buildPlan({ suites: loaded, target, filter: options.tests === undefined ? {} : { tests: options.tests }, inputs: { cli: [], env: {} } });
  const outcome = await executePlan({
    plan,
    suites: loaded,
    emit: () => undefined,
    interrupt: new AbortController().signal,
    env: { ...options.env, ...(client === undefined ? {} : { [secretVariable]: client.clientSecret }) },
    ...(options.profiles === undefined ? {} : { profiles: options.profiles }),
  });
  return outcome.results;
}

/** `id outcome: message` lines of the results that are not pass, for readable assertion failures. */
export function notPassing(results: readonly TestResult[], outcomes: readonly TestResult['outcome'][] = ['fail', 'error']): string[] {
  return results.filter((result) => outcomes.includes(result.outcome)).map((result) => `${result.id} ${result.outcome}: ${result.message ?? ''}`);
}
