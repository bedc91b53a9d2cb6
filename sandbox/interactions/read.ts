import type { Resource } from 'fhir/r4.js';
import type { ServedType } from '../content.js';
import type { FhirResponse, SandboxContext } from '../context.js';
import { nhsErrorCodes } from '../nhs-error-codes.js';
import { FhirError } from '../outcome.js';
import type { StoredVersion } from '../store.js';
import { selectElements, summarize } from '../search/subset.js';
import { versionHeaders } from './respond.js';

/** read (R4 http.html#read): 200 with ETag and Last-Modified, 404 unknown, 410 deleted. */
export function read(ctx: SandboxContext, served: ServedType, id: string, params: readonly (readonly [string, string])[]): FhirResponse {
  const latest = ctx.store.latest(served.type, id);
  if (latest === undefined) throw notFound(served.type, id);
  if (latest.resource === undefined) throw gone(ctx, `${served.type}/${id} was deleted`);
  return found(ctx, served, latest, params);
}

/** vread (R4 http.html#vread): the version, 410 when that version is a delete. */
export function vread(ctx: SandboxContext, served: ServedType, id: string, versionId: string, params: readonly (readonly [string, string])[]): FhirResponse {
  const version = /^\d{1,9}$/.test(versionId) ? ctx.store.version(served.type, id, Number(versionId)) : undefined;
  if (version === undefined) {
    if (ctx.store.latest(served.type, id) === undefined) throw notFound(served.type, id);
    throw new FhirError(404, 'not-found', nhsErrorCodes.resourceNotFound, `${served.type}/${id} has no version ${versionId}`);
  }
  if (version.resource === undefined) throw gone(ctx, `${served.type}/${id} version ${versionId} is a deletion`);
  return found(ctx, served, version, params);
}

function found(ctx: SandboxContext, served: ServedType, version: StoredVersion, params: readonly (readonly [string, string])[]): FhirResponse {
  let resource = ctx.present(version.resource as Resource);
  const summary = params.find(([name]) => name === '_summary')?.[1];
  const elements = params.find(([name]) => name === '_elements')?.[1];
  if (summary === 'true' || summary === 'text' || summary === 'data') resource = summarize(resource, summary, served);
  else if (elements !== undefined && elements !== '') resource = selectElements(resource, elements.split(','), served);
  return { status: 200, headers: versionHeaders(ctx, version), body: resource };
}

export function notFound(type: string, id: string): FhirError {
  return new FhirError(404, 'not-found', nhsErrorCodes.resourceNotFound, `${type}/${id} is not known to this server`);
}

function gone(ctx: SandboxContext, message: string): FhirError {
  if (ctx.defects.has('deleted-returns-404')) return new FhirError(404, 'not-found', nhsErrorCodes.resourceNotFound, message);
  return new FhirError(410, 'deleted', nhsErrorCodes.invalidatedResource, message);
}
