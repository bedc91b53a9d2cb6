import { randomUUID } from 'node:crypto';
import type { ProfileSet } from '../../profiles/index.js';
import type { Sandbox, SandboxContent, SandboxOptions } from '../../sandbox/index.js';
import { loadSandboxContent, startSandbox } from '../../sandbox/index.js';
import { sharedProfileSet } from './definitions.js';
import { sharedPackageCache } from './paths.js';

let content: Promise<SandboxContent> | undefined;

/**
 * The sandbox's content (UK Core 2.0.2 and R4 core from ../shared), loaded once per test process:
 * it is read-only and takes seconds to load, and every sandbox test file needs it.
 */
export function sandboxContent(): Promise<SandboxContent> {
  content ??= loadSandboxContent({ cacheDir: sharedPackageCache });
  return content;
}

/** The ProfileSet the sandbox validates writes with: Assay's own validator over UK Core 2.0.2 and R4 core. */
export function sandboxProfiles(): Promise<ProfileSet> {
  return sharedProfileSet('fhir.r4.ukcore.stu2#2.0.2');
}

/**
 * Starts a sandbox on loopback with the shared content and the real validator; internal errors fail the
 * test that caused them.
 */
export async function startTestSandbox(options: Partial<SandboxOptions> = {}): Promise<Sandbox & { readonly internalErrors: unknown[] }> {
  const internalErrors: unknown[] = [];
  const sandbox = await startSandbox({
    content: await sandboxContent(),
    profiles: await sandboxProfiles(),
    onInternalError: (error) => internalErrors.push(error),
    ...options,
  });
  return Object.assign(sandbox, { internalErrors });
}

/** A Slot valid against UKCore-Slot, for tests that write one: the sandbox validates every write. */
export const validSlot = {
  resourceType: 'Slot',
  schedule: { reference: 'Schedule/UKCore-Schedule-Immunization-Example' },
  status: 'free',
  start: '2025-06-01T09:00:00Z',
  end: '2025-06-01T09:15:00Z',
} as const;

/** Headers every FHIR request to the sandbox carries (NHS England: a UUID X-Request-ID). */
export function fhirHeaders(extra: Record<string, string> = {}): Record<string, string> {
  return { 'x-request-id': randomUUID(), accept: 'application/fhir+json', ...extra };
}

export interface FhirAnswer {
  readonly status: number;
  readonly headers: Headers;
  readonly text: string;
  /** The body parsed as JSON, or undefined when it is not JSON. */
  readonly json: Record<string, unknown> | undefined;
}

/** One request to the sandbox; `path` is below the FHIR base; a body object is sent as FHIR JSON. */
export async function fhir(
  sandbox: Pick<Sandbox, 'baseUrl'>,
  method: string,
  path: string,
  options: { readonly body?: unknown; readonly headers?: Record<string, string> } = {},
): Promise<FhirAnswer> {
  const body = options.body === undefined ? undefined : typeof options.body === 'string' ? options.body : JSON.stringify(options.body);
  const headers = fhirHeaders({ ...(body === undefined ? {} : { 'content-type': 'application/fhir+json' }), ...options.headers });
  const response = await fetch(`${sandbox.baseUrl}${path}`, { method, headers, ...(body === undefined ? {} : { body }) });
  const text = await response.text();
  let json: Record<string, unknown> | undefined;
  try {
    json = JSON.parse(text) as Record<string, unknown>;
  } catch {
    json = undefined;
  }
  return { status: response.status, headers: response.headers, text, json };
}

/** The NHS error code (system|code) of an OperationOutcome's first issue. */
export function nhsCode(outcome: Record<string, unknown> | undefined): string | undefined {
  const issue = (outcome?.issue as { details?: { coding?: { system?: string; code?: string }[] } }[] | undefined)?.[0];
  const coding = issue?.details?.coding?.[0];
  return coding === undefined ? undefined : `${coding.system ?? ''}|${coding.code ?? ''}`;
}
