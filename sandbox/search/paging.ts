import type { BundleLink } from 'fhir/r4.js';

/** The page size when the client gives no `_count`. */
export const defaultPageSize = 20;

/** `name=value` pairs as a query string, keeping `:` of modifiers readable. */
function queryString(params: readonly (readonly [string, string])[]): string {
  return params.map(([name, value]) => `${encodeURIComponent(name)}=${encodeURIComponent(value)}`).join('&').replace(/%3A/gi, ':');
}

/**
 * The links of one page (R4 http.html#paging): self, first, previous, next and last, each a URL the
 * client can follow as is. `withPaging: false` leaves only self (the no-paging-links defect).
 */
export function pageLinks(
  urlAt: (offset: number) => string,
  page: { readonly offset: number; readonly size: number; readonly total: number },
  withPaging: boolean,
): BundleLink[] {
  const { offset, size, total } = page;
  const links: BundleLink[] = [{ relation: 'self', url: urlAt(offset) }];
  if (!withPaging || size === 0) return links;
  const lastOffset = total === 0 ? 0 : Math.floor((total - 1) / size) * size;
  links.push({ relation: 'first', url: urlAt(0) });
  if (offset > 0) links.push({ relation: 'previous', url: urlAt(Math.max(0, offset - size)) });
  if (offset + size < total) links.push({ relation: 'next', url: urlAt(offset + size) });
  links.push({ relation: 'last', url: urlAt(lastOffset) });
  return links;
}

/** The URL of a page: the base query plus `_offset` when not on the first page. */
export function pageUrl(base: string, params: readonly (readonly [string, string])[], offset: number): string {
  const all = offset > 0 ? [...params, ['_offset', String(offset)] as const] : params;
  return all.length === 0 ? base : `${base}?${queryString(all)}`;
}
