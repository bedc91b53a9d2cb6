import type { StoredVersion } from '../store.js';
import type { DateEntry, IndexEntry, ReferenceEntry, StringEntry, TokenEntry, UriEntry } from './index.js';
import { matchesDate } from './dates.js';
import type { Criterion, SearchValue } from './query.js';

/** Whether a stored version satisfies every criterion (AND), each by any of its values (OR). */
export function matchesAll(version: StoredVersion, criteria: readonly Criterion[], baseUrl: string, now: number): boolean {
  return criteria.every((criterion) => matches(version.index.get(criterion.param.code) ?? [], criterion, baseUrl, now));
}

function matches(entries: readonly IndexEntry[], { modifier, values }: Criterion, baseUrl: string, now: number): boolean {
  if (modifier === 'not') return !values.some((value) => entries.some((entry) => matchesValue(entry, value, modifier, baseUrl, now)));
  return values.some((value) =>
    value.kind === 'missing' ? (entries.length === 0) === value.missing : entries.some((entry) => matchesValue(entry, value, modifier, baseUrl, now)),
  );
}

function matchesValue(entry: IndexEntry, value: SearchValue, modifier: string | undefined, baseUrl: string, now: number): boolean {
  switch (value.kind) {
    case 'missing':
      return false;
    case 'token':
      return entry.kind === 'token' && matchesToken(entry, value.system, value.code);
    case 'text':
      return entry.kind === 'token' && entry.text.some((t) => t.startsWith(value.folded));
    case 'string':
      return entry.kind === 'string' && matchesString(entry, value.raw, value.folded, modifier);
    case 'date':
      return entry.kind === 'date' && matchesDate(value.prefix, value.range, entry satisfies DateEntry, now);
    case 'reference':
      return entry.kind === 'reference' && matchesReference(entry, value, baseUrl);
    case 'reference-identifier':
      return entry.kind === 'reference' && entry.identifier !== undefined && matchesToken(entry.identifier, value.system, value.code);
    case 'uri':
      return entry.kind === 'uri' && matchesUri(entry, value.value);
  }
}

/** `code`, `system|code`, `|code` (no system) and `system|` (any code in the system), R4 search.html#token. */
function matchesToken(entry: TokenEntry, system: string | undefined, code: string | undefined): boolean {
  if (code !== undefined && entry.code !== code) return false;
  if (system === undefined) return true;
  return system === '' ? entry.system === undefined : entry.system === system;
}

/** Strings match case- and accent-insensitively from the start; `:exact` exactly; `:contains` anywhere. */
function matchesString(entry: StringEntry, raw: string, folded: string, modifier: string | undefined): boolean {
  if (modifier === 'exact') return entry.raw === raw;
  if (modifier === 'contains') return entry.folded.includes(folded);
  return entry.folded.startsWith(folded);
}

function matchesReference(entry: ReferenceEntry, value: Extract<SearchValue, { kind: 'reference' }>, baseUrl: string): boolean {
  if (value.url !== undefined) {
    const local = value.url.startsWith(`${baseUrl}/`) ? value.url.slice(baseUrl.length + 1) : undefined;
    if (local !== undefined && entry.local !== undefined) return `${entry.local.type}/${entry.local.id}` === local.replace(/\/_history\/.*$/, '');
    return entry.url === value.url;
  }
  if (entry.local === undefined || entry.local.id !== value.id) return false;
  return value.type === undefined || entry.local.type === value.type;
}

/** A canonical searched without `|version` matches every version of it. */
function matchesUri(entry: UriEntry, value: string): boolean {
  return entry.value === value || (!value.includes('|') && entry.value.split('|')[0] === value);
}
