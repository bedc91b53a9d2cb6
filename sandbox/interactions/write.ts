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
  if (options.ifNoneExist !== undefined && !ctx.defects.has('conditional-create-duplicates')) {
    const [only, ...more] = conditionalMatches(ctx, served, [...new URLSearchParams(options.ifNoneExist.replace(/^[^?]*\?/, ''))], 'create');
    if (more.length > 0) throw tooManyMatches(`If-None-Exist: ${options.ifNoneExist}`, more.length + 1);
    if (only !== undefined) return writeResponse(ctx, only, 200, options.prefer);
  }
  const clientId = ctx.defects.has('create-keeps-client-id') ? resource.id : undefined;
  const version = store(ctx, served, options.id ?? clientId ?? ctx.newId(), 'POST', resource);
  const location = `${ctx.baseUrl}/${served.type}/${version.id}`;
  return writeResponse(ctx, version, 201, options.prefer, {
    location: ctx.defects.has('location-without-history') ? location : `${location}/_history/${version.versionId}`,
  });
}

/**
 * update (R4 http.html#update), version-aware as the CapabilityStatement says (versioned-update): updating
 * a resource that exists needs If-Match naming its current version (412 without, or with another one, as
 * the NHS England API platform asks); creating answers 201.
 */
export function commitUpdate(
  ctx: SandboxContext,
  served: ServedType,
  id: string,
  resource: Resource,
  options: { readonly ifMatch?: string | undefined; readonly prefer?: string | undefined },
): FhirResponse {
  const latest = ctx.store.latest(served.type, id);
  const creates = latest?.resource === undefined;
  if (options.ifMatch === undefined) {
    if (!creates && !ctx.defects.has('if-match-optional')) {
      throw new FhirError(412, 'conflict', nhsErrorCodes.preconditionFailed, `an update of ${served.type}/${id} must carry If-Match with its current version, W/"${latest?.versionId ?? 0}"`);
    }
  } else if (!ctx.defects.has('ignores-if-match') && (creates || versionFromEtag(options.ifMatch) !== latest?.versionId)) {
    const current = creates ? 'no current version' : `the current version is W/"${latest?.versionId ?? 0}"`;
    throw new FhirError(412, 'conflict', nhsErrorCodes.preconditionFailed, `If-Match: ${options.ifMatch} does not match ${served.type}/${id}: ${current}`);
  }
  const version = store(ctx, served, id, 'PUT', resource);
  if (!creates) return writeResponse(ctx, version, 200, options.prefer);
  const status = ctx.defects.has('update-create-returns-200') ? 200 : 201;
  return writeResponse(ctx, version, status, options.prefer, { location: `${ctx.baseUrl}/${served.type}/${id}/_history/${version.versionId}` });
}

/**
 * Conditional update (R4 http.html#cond-update): no match creates (or, with an id in the body that is
 * free, updates as create), one match updates it, more than one is 412.
 */
export function commitConditionalUpdate(
  ctx: SandboxContext,
  served: ServedType,
  resource: Resource,
  params: readonly (readonly [string, string])[],
  options: { readonly ifMatch?: string | undefined; readonly prefer?: string | undefined },
): FhirResponse {
  const [only, ...more] = conditionalMatches(ctx, served, params, 'update');
  if (more.length > 0) throw tooManyMatches('conditional update', more.length + 1);
  if (only === undefined) {
    if (resource.id === undefined) return commitCreate(ctx, served, resource, { prefer: options.prefer });
    if (ctx.store.latest(served.type, resource.id)?.resource !== undefined) {
      throw new FhirError(409, 'conflict', nhsErrorCodes.invalidValue, `nothing matches the criteria, yet ${served.type}/${resource.id} exists`);
    }
    return commitUpdate(ctx, served, resource.id, resource, options);
  }
  if (resource.id !== undefined && resource.id !== only.id) {
    throw new FhirError(400, 'invalid', nhsErrorCodes.invalidValue, `the body's id ${resource.id} is not the id of the resource the criteria match (${only.id})`, {
      expression: `${served.type}.id`,
    });
  }
  return commitUpdate(ctx, served, only.id, { ...resource, id: only.id }, options);
}

/** Conditional delete (R4 http.html#cdelete), single: the one match is deleted, none is a no-op, more is 412. */
export function commitConditionalDelete(ctx: SandboxContext, served: ServedType, params: readonly (readonly [string, string])[]): FhirResponse {
  const [only, ...more] = conditionalMatches(ctx, served, params, 'delete');
  if (more.length > 0) throw tooManyMatches('conditional delete', more.length + 1);
  return only === undefined ? { status: 204 } : commitDelete(ctx, served, only.id);
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

/** The live resources conditional criteria match; unknown parameters are an error here, never ignored. */
function conditionalMatches(ctx: SandboxContext, served: ServedType, params: readonly (readonly [string, string])[], what: string): StoredVersion[] {
  if (params.length === 0) throw new FhirError(400, 'required', nhsErrorCodes.missingValue, `a conditional ${what} needs search parameters`);
  const search = parseSearch(served, params, true, (type) => ctx.content.types.get(type));
  const now = ctx.clock().getTime();
  return [...ctx.store.live(served.type)].filter((v) => matchesAll(v, search.criteria, ctx.baseUrl, now));
}

function tooManyMatches(what: string, count: number): FhirError {
  return new FhirError(412, 'multiple-matches', nhsErrorCodes.preconditionFailed, `${what} matches ${count} resources: the criteria are not selective enough`);
}
