/**
 * Runs national suites in process against a target, as `assay run` does (plan, then execute on the real
 * recording transport, with auth and a custom CA when given), and starts sandboxes with the real
 * validator for them. For the suites' own tests.
 */
import type { ProfileSet, ValidateOptions } from '../../profiles/index.js';
import { loadDefinitions } from '../../profiles/index.js';
import { createValidator } from '../../profiles/validator/index.js';
import type { TestResult } from '../../reports/model.js';
import { resolveTarget } from '../../runner/config/index.js';
import type { AuthConfig, InputValue } from '../../runner/config/types.js';
import type { Suite } from '../../runner/dsl/index.js';
import { loadSuite } from '../../runner/dsl/index.js';
import { executePlan } from '../../runner/execute/index.js';
import { buildPlan } from '../../runner/plan/index.js';
import type { DefectId, Sandbox, SandboxAuth } from '../../sandbox/index.js';
import { startSandbox } from '../../sandbox/index.js';
import { sharedPackageCache } from '../support/paths.js';
import { sandboxContent } from '../support/sandbox.js';

/** R4 core and UK Core with the real validator: what `ctx.validate` and the sandbox's 422s use. */
export async function nationalProfiles(): Promise<ProfileSet> {
  const definitions = await loadDefinitions({ packages: ['hl7.fhir.r4.core#4.0.1', 'fhir.r4.ukcore.stu2#2.0.2'], cacheDir: sharedPackageCache });
  const validator = createValidator(definitions);
  return Object.freeze({
    packages: definitions.packages,
    terminology: { kind: 'local' as const },
    resolve: (canonical: string) => definitions.resolve(canonical),
    validate: (resource: unknown, options?: ValidateOptions) => validator.validate(resource, options),
  });
}

/** The sandbox client the suites authenticate as, when auth is on. */
export const sandboxClient = { clientId: 'assay-suites', clientSecret: 'suites-test-secret' };

export interface SuiteSandbox extends Sandbox {
  /** Bugs the sandbox hit while answering: a clean run has none. */
  readonly internalErrors: unknown[];
}

export async function startSuiteSandbox(
  profiles: ProfileSet,
  options: { readonly defects?: readonly DefectId[]; readonly auth?: boolean; readonly clock?: () => Date } = {},
): Promise<SuiteSandbox> {
  const internalErrors: unknown[] = [];
  const auth: SandboxAuth | undefined = options.auth === true ? { clients: [sandboxClient] } : undefined;
  const sandbox = await startSandbox({
    content: await sandboxContent(),
    profiles,
    defects: options.defects ?? [],
    onInternalError: (error) => internalErrors.push(error),
    ...(auth === undefined ? {} : { auth }),
    ...(options.clock === undefined ? {} : { clock: options.clock }),
  });
  return Object.assign(sandbox, { internalErrors });
}

export interface NationalRunOptions {
  readonly baseUrl: string;
  readonly suites: readonly Suite[];
  readonly profiles: ProfileSet;
  readonly writable?: boolean;
  readonly inputs?: Readonly<Record<string, InputValue>>;
  /** The sandbox token endpoint: authenticate with client credentials as sandboxClient. */
  readonly tokenUrl?: string;
  /** PEM files of CAs to trust besides the public roots (the target config's tls.ca). */
  readonly ca?: readonly string[];
  /** Test id globs, as `--test`. */
  readonly tests?: readonly string[];
  /** Environment the run reads secrets from (secret inputs given as `{ env: NAME }`). */
  readonly env?: Readonly<Record<string, string>>;
}

const secretVariable = 'ASSAY_SUITES_TEST_CLIENT_SECRET';

export async function runNational(options: NationalRunOptions): Promise<readonly TestResult[]> {
  const resolved = resolveTarget(undefined, { target: options.baseUrl, cwd: process.cwd(), overrides: { rateLimit: 0, concurrency: 4 } });
  const auth: AuthConfig =
    options.tokenUrl === undefined
      ? { type: 'none' }
      : { type: 'client-credentials', tokenUrl: options.tokenUrl, clientId: sandboxClient.clientId, clientSecret: { env: secretVariable } };
  const target = {
    ...resolved,
    auth,
    writable: options.writable === true,
    inputs: options.inputs ?? {},
    ...(options.ca === undefined ? {} : { tls: { ca: options.ca } }),
  };
  const suites = options.suites.map((suite) => loadSuite(suite));
  const plan = buildPlan({ suites, target, filter: options.tests === undefined ? {} : { tests: options.tests }, inputs: { cli: [], env: {} } });
  const outcome = await executePlan({
    plan,
    suites,
    emit: () => undefined,
    interrupt: new AbortController().signal,
    env: { ...options.env, [secretVariable]: sandboxClient.clientSecret },
    profiles: options.profiles,
  });
  return outcome.results;
}

/** An access token from the sandbox's token endpoint for sandboxClient. */
export async function sandboxToken(tokenUrl: string): Promise<string> {
  const response = await fetch(tokenUrl, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ grant_type: 'client_credentials', client_id: sandboxClient.clientId, client_secret: sandboxClient.clientSecret }),
  });
  const body = (await response.json()) as { access_token?: string };
  if (body.access_token === undefined) throw new Error(`the sandbox token endpoint answered ${response.status} without a token`);
  return body.access_token;
}

/** `id outcome: message` of the results with one of `outcomes`, for readable assertion failures. */
export function listed(results: readonly TestResult[], outcomes: readonly TestResult['outcome'][] = ['fail', 'error']): string[] {
  return results.filter((result) => outcomes.includes(result.outcome)).map((result) => `${result.id} ${result.outcome}: ${result.message ?? ''}`);
}

/** The requirement ids that failing (or erroring) tests verify. */
export function failedRequirements(results: readonly TestResult[]): string[] {
  return [...new Set(results.filter((r) => r.outcome === 'fail' || r.outcome === 'error').flatMap((r) => r.verifies))].sort();
}
