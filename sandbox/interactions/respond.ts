import type { FhirResponse, SandboxContext } from '../context.js';
import { etag, httpDate } from '../http/headers.js';
import { informationOutcome } from '../outcome.js';
import type { StoredVersion } from '../store.js';

/** ETag and Last-Modified of a version (R4 http.html#read): the headers two defects tamper with. */
export function versionHeaders(ctx: SandboxContext, version: StoredVersion): Record<string, string> {
  return {
    ...(ctx.defects.has('no-etag') ? {} : { etag: etag(version.versionId) }),
    'last-modified': ctx.defects.has('last-modified-not-http-date') ? version.lastUpdated.toISOString() : httpDate(version.lastUpdated),
  };
}

/**
 * The answer to a write, shaped by `Prefer: return=` (R4 http.html#ops): the resource by default,
 * nothing for `minimal`, an OperationOutcome for `OperationOutcome`.
 */
export function writeResponse(
  ctx: SandboxContext,
  version: StoredVersion,
  status: number,
  prefer: string | undefined,
  headers: Record<string, string> = {},
): FhirResponse {
  const all = { ...versionHeaders(ctx, version), ...headers };
  const wants = /return\s*=\s*(minimal|representation|OperationOutcome)/i.exec(prefer ?? '')?.[1]?.toLowerCase();
  if (wants === 'minimal' || version.resource === undefined) return { status, headers: all };
  if (wants === 'operationoutcome') {
    return { status, headers: all, body: informationOutcome(`${version.type}/${version.id} version ${version.versionId} stored`) };
  }
  return { status, headers: all, body: ctx.present(version.resource) };
}
