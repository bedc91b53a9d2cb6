import type { Bundle, Resource } from 'fhir/r4.js';
import { declaredSearchParams, linkUrl, matchEntries, requestHeaders } from '../common/index.js';
import type { DeclaredSearchParam } from '../common/index.js';
import type { Sample } from './scope.js';
import { deriveSearchValue, nonMatchingValue } from './search-values.js';
import type { SearchParameterDefinition } from './search-values.js';
import type { Ctx } from './spec.js';

/** Searching by the parameters a server declares, with values taken from resources it holds. */

/**
 * The definition of a declared parameter: its `definition` canonical, else the core canonical the R4
 * naming convention gives (`Resource-id` for `_id`, `<Type>-<name>` otherwise).
 */
export function definitionOf(ctx: Ctx, type: string, param: DeclaredSearchParam): SearchParameterDefinition | undefined {
  const canonicals = [
    ...(param.definition === undefined ? [] : [param.definition]),
    `http://hl7.org/fhir/SearchParameter/${param.name.startsWith('_') ? `Resource-${param.name.slice(1)}` : `${type}-${param.name}`}`,
  ];
  for (const canonical of canonicals) {
    const resource = ctx.resolve(canonical);
    if (resource?.resourceType === 'SearchParameter') return resource as unknown as SearchParameterDefinition;
  }
  return undefined;
}

// Parameters that shape the result rather than filter it: not searched by value.
const resultParameters = new Set(['_count', '_sort', '_include', '_revinclude', '_summary', '_elements', '_total', '_contained', '_containedType', '_format']);

export interface SearchQuery {
  readonly param: string;
  /** `name=value`, URL-encoded: matches the sample. */
  readonly query: string;
  /** `name=other`, URL-encoded: must not match the sample. */
  readonly nonMatching: string;
}

/** A query for each declared parameter of the sample's type that the sample has a value for. */
export function queriesFor(ctx: Ctx, sample: Sample, resource: Resource): SearchQuery[] {
  const queries: SearchQuery[] = [];
  for (const param of declaredSearchParams(ctx.capabilities, sample.type)) {
    if (resultParameters.has(param.name)) continue;
    const definition = definitionOf(ctx, sample.type, param);
    if (definition === undefined) {
      ctx.note(`${sample.type}?${param.name}: not searched, its definition ${param.definition ?? '(none given)'} is not loaded`);
      continue;
    }
    const derived = deriveSearchValue(resource, { ...definition, type: param.type });
    if ('reason' in derived) {
      ctx.note(`${sample.type}?${param.name}: not searched, ${sample.reference} gives no value because ${derived.reason}`);
      continue;
    }
    const name = encodeURIComponent(param.name);
    queries.push({
      param: param.name,
      query: `${name}=${encodeURIComponent(derived.value)}`,
      nonMatching: `${name}=${encodeURIComponent(nonMatchingValue(param.type, derived.value))}`,
    });
  }
  return queries;
}

/** How many pages a parameter search follows looking for the sample: bounded, to stay polite. */
const maxPages = 5;

/** Whether searching `query` finds the sample (following next links up to maxPages); the first page's Bundle too. */
export async function searchFinds(ctx: Ctx, sample: Sample, query: string): Promise<{ found: boolean; first?: Bundle; status: number }> {
  let url: string | undefined = `${sample.type}?${query}&_count=50`;
  let first: Bundle | undefined;
  for (let page = 0; page < maxPages && url !== undefined; page += 1) {
    const response = await ctx.http.get(url, { headers: requestHeaders() });
    if (response.status !== 200) return { found: false, status: response.status, ...(first === undefined ? {} : { first }) };
    const bundle = ctx.expect.resource(response.json(), 'Bundle');
    first ??= bundle;
    if (matchEntries(bundle, sample.type).some((entry) => entry.resource?.id === sample.id)) return { found: true, first, status: 200 };
    url = linkUrl(bundle, 'next');
  }
  return { found: false, status: 200, ...(first === undefined ? {} : { first }) };
}
