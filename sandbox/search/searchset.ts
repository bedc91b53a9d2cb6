import { randomUUID } from 'node:crypto';
import type { Bundle, BundleEntry, Resource } from 'fhir/r4.js';
import type { ServedType } from '../content.js';
import type { FhirResponse, SandboxContext } from '../context.js';
import type { StoredVersion } from '../store.js';
import type { IndexEntry } from './index.js';
import { matchesAll } from './match.js';
import { defaultPageSize, pageLinks, pageUrl } from './paging.js';
import type { Include, ParsedSearch } from './query.js';
import { parseSearch } from './query.js';
import { selectElements, summarize } from './subset.js';

/** search-type (R4 http.html#search): the matches of one page, what they include, and the paging links. */
export function searchType(
  ctx: SandboxContext,
  served: ServedType,
  params: readonly (readonly [string, string])[],
  strict: boolean,
): FhirResponse {
  const search = parseSearch(served, withoutIgnored(ctx, served, params), strict, (type) => ctx.content.types.get(type));
  const now = ctx.clock().getTime();
  const matches = [...ctx.store.live(served.type)].filter((v) => matchesAll(v, search.criteria, ctx.baseUrl, now));
  return { status: 200, body: searchset(ctx, served, search, matches) };
}

function searchset(ctx: SandboxContext, served: ServedType, search: ParsedSearch, matches: readonly StoredVersion[]): Bundle {
  const countOnly = search.summary === 'count';
  const size = countOnly ? 0 : ctx.defects.has('ignores-count') ? matches.length : (search.count ?? defaultPageSize);
  const offset = countOnly ? 0 : search.offset;
  const page = matches.slice(offset, offset + size);
  const urlAt = (at: number) => pageUrl(`${ctx.baseUrl}/${served.type}`, search.used, at);
  const links = pageLinks(urlAt, { offset, size, total: matches.length }, !ctx.defects.has('no-paging-links'));
  if (ctx.defects.has('self-link-drops-params')) links[0] = { relation: 'self', url: `${ctx.baseUrl}/${served.type}` };
  const included = [...forwardIncludes(ctx, page, search.includes), ...reverseIncludes(ctx, page, search.revIncludes)];
  return {
    resourceType: 'Bundle',
    id: randomUUID(),
    meta: { lastUpdated: ctx.clock().toISOString() },
    type: 'searchset',
    total: matches.length,
    link: links,
    ...(countOnly ? {} : { entry: [...page.map((v) => entry(ctx, v, 'match', shape(served, search))), ...included.map((v) => entry(ctx, v, 'include', (r) => r))] }),
  };
}

/** The parameters two defects make search drop, as if they had never been sent: _include, Patient's birthdate. */
function withoutIgnored(ctx: SandboxContext, served: ServedType, params: readonly (readonly [string, string])[]): readonly (readonly [string, string])[] {
  const ignoresBirthdate = ctx.defects.has('ignores-search-param') && served.type === 'Patient';
  const ignoresInclude = ctx.defects.has('ignores-include');
  if (!ignoresBirthdate && !ignoresInclude) return params;
  return params.filter(([name]) => !(ignoresBirthdate && name.split(':')[0] === 'birthdate') && !(ignoresInclude && name === '_include'));
}

function shape(served: ServedType, search: ParsedSearch): (resource: Resource) => Resource {
  return (resource) => {
    if (search.summary !== undefined && search.summary !== 'count') return summarize(resource, search.summary, served);
    if (search.elements !== undefined) return selectElements(resource, search.elements, served);
    return resource;
  };
}

function entry(ctx: SandboxContext, version: StoredVersion, mode: 'match' | 'include', shapeOf: (r: Resource) => Resource): BundleEntry {
  const resource = version.resource as Resource;
  return {
    ...(ctx.defects.has('no-full-url') ? {} : { fullUrl: `${ctx.baseUrl}/${version.type}/${version.id}` }),
    resource: shapeOf(ctx.present(resource)),
    search: { mode },
  };
}

function forwardIncludes(ctx: SandboxContext, page: readonly StoredVersion[], includes: readonly Include[]): StoredVersion[] {
  const seen = new Set(page.map(key));
  const found: StoredVersion[] = [];
  for (const include of includes) {
    for (const version of page) {
      for (const ref of localReferences(version.index.get(include.param.code))) {
        if (include.target !== undefined && ref.type !== include.target) continue;
        const target = ctx.store.latest(ref.type, ref.id);
        if (target?.resource === undefined || seen.has(key(target))) continue;
        seen.add(key(target));
        found.push(target);
      }
    }
  }
  return found;
}

function reverseIncludes(ctx: SandboxContext, page: readonly StoredVersion[], includes: readonly Include[]): StoredVersion[] {
  const targets = new Set(page.map(key));
  const seen = new Set(targets);
  const found: StoredVersion[] = [];
  for (const include of includes) {
    for (const candidate of ctx.store.live(include.source)) {
      if (seen.has(key(candidate))) continue;
      if (localReferences(candidate.index.get(include.param.code)).some((ref) => targets.has(`${ref.type}/${ref.id}`))) {
        seen.add(key(candidate));
        found.push(candidate);
      }
    }
  }
  return found;
}

function localReferences(entries: readonly IndexEntry[] | undefined): { type: string; id: string }[] {
  return (entries ?? []).flatMap((e) => (e.kind === 'reference' && e.local !== undefined ? [e.local] : []));
}

function key(version: StoredVersion): string {
  return `${version.type}/${version.id}`;
}
