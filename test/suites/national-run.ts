/**
 * The sandbox as the national suites' tests use it: R4 core and UK Core with the real validator (for
 * ctx.validate and the sandbox's 422s), auth on with a known client, and helpers to read the results.
 */
import type { Definitions, ProfileSet } from '../../profiles/index.js';
import type { TestResult } from '../../reports/model.js';
import type { DefectId, Sandbox, SandboxAuth } from '../../sandbox/index.js';
import { startSandbox } from '../../sandbox/index.js';
import { sharedDefinitions } from '../support/definitions.js';
import { sandboxContent, sandboxProfiles } from '../support/sandbox.js';
import type { SuiteRunOptions } from './run-suite.js';

export interface NationalProfiles {
  readonly definitions: Definitions;
  readonly profiles: ProfileSet;
}

/** UK Core 2.0.2 and R4 core with Assay's own validator: the sandbox's, loaded once per test process. */
export async function nationalProfiles(): Promise<NationalProfiles> {
  return { definitions: await sharedDefinitions('fhir.r4.ukcore.stu2#2.0.2'), profiles: await sandboxProfiles() };
}

/** The sandbox client the suites authenticate as, when auth is on. */
const sandboxClient = { clientId: 'assay-suites', clientSecret: 'suites-test-secret' };

export interface SuiteSandbox extends Sandbox {
  /** Bugs the sandbox hit while answering: a clean run has none. */
  readonly internalErrors: unknown[];
  /** How a run authenticates to this sandbox (client credentials), when auth is on. */
  readonly credentials: Pick<SuiteRunOptions, 'clientCredentials'>;
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
  const tokenUrl = sandbox.tokenUrl;
  return Object.assign(sandbox, {
    internalErrors,
    credentials: tokenUrl === undefined ? {} : { clientCredentials: { tokenUrl, ...sandboxClient } },
  });
}

/** An access token from the sandbox's token endpoint for the suites' client. */
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

/** The requirement ids that failing (or erroring) tests verify. */
export function failedRequirements(results: readonly TestResult[]): string[] {
  return [...new Set(results.filter((r) => r.outcome === 'fail' || r.outcome === 'error').flatMap((r) => r.verifies))].sort();
}
