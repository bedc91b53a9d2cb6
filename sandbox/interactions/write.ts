import type { Resource } from 'fhir/r4.js';
import type { ServedType } from '../content.js';
import type { FhirResponse, SandboxContext } from '../context.js';
import { versionFromEtag } from '../http/headers.js';
import { nhsErrorCodes } from '../nhs-error-codes.js';
import { FhirError } from '../outcome.js';
import { indexResource } from '../search/index.js';
import { matchesAll } from '../search/match.js';
import { parseSearch } from '../search/query.js';
import type { StoredVersion, WriteMethod } from '../store.js';
import { notFound } from './read.js';
import { writeResponse } from './respond.js';

/**
 * The synchronous halves of create, update and delete: the resource has been checked (checkWrite);
 * these decide against the store as it is now and write. Nothing awaits in here, so no other request
 * can change the store between the decision and the write.
 */
export function commitCreate(
  ctx: SandboxContext,
  served: ServedType,
  resource: Resource,
  options: { readonly id?: string; readonly ifNoneExist?: string | undefined; readonly prefer?: string | undefined },
): FhirResponse {
  if (options.ifNoneExist !== undefined) {
    const existing = conditionalMatches(ctx, served, options.ifNoneExist);
    const [only] = existing;
    if (existing.length > 1) {
      throw new FhirError(412, 'multiple-matches', nhsErrorCodes.preconditionFailed, `If-None-Exist: ${options.ifNoneExist} matches ${existing.length} resources`);
    }
    if (only !== undefined) return writeResponse(ctx, only, 200, options.prefer);
  }
  const version = store(ctx, served, options.id ?? ctx.newId(), 'POST', resource);
  const location = `${ctx.baseUrl}/${served.type}/${version.id}`;
  return writeResponse(ctx, version, 201, options.prefer, {
    location: ctx.defects.has('location-without-history') ? location : `${location}/_history/${version.versionId}`,
  });
}

/** update (R4 http.html#update): If-Match must name the current version (412); creating answers 201. */
export function commitUpdate(
  ctx: SandboxContext,
  served: ServedType,
  id: string,
  resource: Resource,
  options: { readonly ifMatch?: string | undefined; readonly prefer?: string | undefined },
): FhirResponse {
  const latest = ctx.store.latest(served.type, id);
  if (options.ifMatch !== undefined && !ctx.defects.has('ignores-if-match')) {
    const wanted = versionFromEtag(options.ifMatch);
    if (latest?.resource === undefined || wanted !== latest.versionId) {
      const current = latest?.resource === undefined ? 'no current version' : `the current version is W/"${latest.versionId}"`;
      throw new FhirError(412, 'conflict', nhsErrorCodes.resourceVersionMismatch, `If-Match: ${options.ifMatch} does not match ${served.type}/${id}: ${current}`);
    }
  }
  const creates = latest?.resource === undefined;
  const version = store(ctx, served, id, 'PUT', resource);
  if (!creates) return writeResponse(ctx, version, 200, options.prefer);
  const status = ctx.defects.has('update-create-returns-200') ? 200 : 201;
  return writeResponse(ctx, version, status, options.prefer, { location: `${ctx.baseUrl}/${served.type}/${id}/_history/${version.versionId}` });
}

/** delete (R4 http.html#delete): 204; deleting what is already deleted is not an error; unknown ids are 404. */
export function commitDelete(ctx: SandboxContext, served: ServedType, id: string): FhirResponse {
  const latest = ctx.store.latest(served.type, id);
  if (latest === undefined) throw notFound(served.type, id);
  if (latest.resource !== undefined) {
    ctx.store.write({
      type: served.type,
      id,
      versionId: latest.versionId + 1,
      lastUpdated: ctx.clock(),
      method: 'DELETE',
      resource: undefined,
      index: new Map(),
    });
  }
  return { status: 204 };
}

/** Puts a new version in the store with the server's meta (versionId, lastUpdated) and its search index. */
export function store(ctx: SandboxContext, served: ServedType, id: string, method: WriteMethod, resource: Resource): StoredVersion {
  const versionId = ctx.store.nextVersionId(served.type, id);
  const lastUpdated = ctx.clock();
  const stored: Resource = { ...resource, id, meta: { ...resource.meta, versionId: String(versionId), lastUpdated: lastUpdated.toISOString() } };
  return ctx.store.write({
    type: served.type,
    id,
    versionId,
    lastUpdated,
    method,
    resource: stored,
    index: indexResource(stored, served.searchParams, ctx.baseUrl),
  });
}

function conditionalMatches(ctx: SandboxContext, served: ServedType, query: string): StoredVersion[] {
  const params = [...new URLSearchParams(query.replace(/^[^?]*\?/, ''))];
  const search = parseSearch(served, params, true, (type) => ctx.content.types.get(type));
  const now = ctx.clock().getTime();
  return [...ctx.store.live(served.type)].filter((v) => matchesAll(v, search.criteria, ctx.baseUrl, now));
}
