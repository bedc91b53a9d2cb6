import { randomUUID } from 'node:crypto';
import type { Bundle, BundleEntry } from 'fhir/r4.js';
import type { FhirResponse, SandboxContext } from '../context.js';
import { etag } from '../http/headers.js';
import { parseDateRange } from '../search/dates.js';
import { defaultPageSize, pageLinks, pageUrl } from '../search/paging.js';
import { badSearch, maxPageSize } from '../search/query.js';
import type { StoredVersion } from '../store.js';
import { notFound } from './read.js';

/**
 * history-instance, history-type and history-system (R4 http.html#history): a `history` Bundle, newest
 * first, deletes as entries without a resource, paged with `_count`, filtered with `_since`.
 */
export function history(ctx: SandboxContext, params: readonly (readonly [string, string])[], type?: string, id?: string): FhirResponse {
  if (type !== undefined && id !== undefined && ctx.store.latest(type, id) === undefined) throw notFound(type, id);
  const since = param(params, '_since');
  const sinceRange = since === undefined ? undefined : parseDateRange(since);
  if (since !== undefined && sinceRange === undefined) throw badSearch(`_since=${since} is not a FHIR instant`);
  const countText = param(params, '_count');
  if (countText !== undefined && !/^\d{1,9}$/.test(countText)) throw badSearch(`_count=${countText} is not a non-negative integer`);
  const offsetText = param(params, '_offset') ?? '0';
  if (!/^\d{1,9}$/.test(offsetText)) throw badSearch(`_offset=${offsetText} is not a non-negative integer`);

  const newestFirst = ctx.store.history(type, id).filter((v) => sinceRange === undefined || v.lastUpdated.getTime() >= sinceRange.start);
  const versions = ctx.defects.has('history-oldest-first') ? newestFirst.reverse() : newestFirst;
  const size = countText === undefined ? defaultPageSize : Math.min(Number(countText), maxPageSize);
  const offset = Number(offsetText);
  const used: [string, string][] = [
    ...(since === undefined ? [] : [['_since', since] as [string, string]]),
    ...(countText === undefined ? [] : [['_count', String(size)] as [string, string]]),
  ];
  const path = [ctx.baseUrl, type, id, '_history'].filter((p) => p !== undefined).join('/');
  const bundle: Bundle = {
    resourceType: 'Bundle',
    id: randomUUID(),
    meta: { lastUpdated: ctx.clock().toISOString() },
    type: 'history',
    total: versions.length,
    link: pageLinks((at) => pageUrl(path, used, at), { offset, size, total: versions.length }, !ctx.defects.has('no-paging-links')),
    entry: versions.slice(offset, offset + size).map((v) => historyEntry(ctx, v)),
  };
  return { status: 200, body: bundle };
}

function historyEntry(ctx: SandboxContext, version: StoredVersion): BundleEntry {
  const url = `${version.type}/${version.id}`;
  return {
    ...(ctx.defects.has('no-full-url') ? {} : { fullUrl: `${ctx.baseUrl}/${url}` }),
    ...(version.resource === undefined ? {} : { resource: ctx.present(version.resource) }),
    request: { method: version.method, url: version.method === 'POST' ? version.type : url },
    response: {
      status: version.method === 'DELETE' ? '204 No Content' : version.method === 'POST' || version.versionId === 1 ? '201 Created' : '200 OK',
      etag: etag(version.versionId),
      lastModified: version.lastUpdated.toISOString(),
    },
  };
}

function param(params: readonly (readonly [string, string])[], name: string): string | undefined {
  return params.find(([n]) => n === name)?.[1];
}
