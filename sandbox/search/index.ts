import type { DateRange } from './dates.js';
import { parseDateRange } from './dates.js';
import type { SearchParam, SelectedValue } from './parameters.js';

/**
 * What a stored version holds for search: each declared parameter's values, normalised once at write
 * time so that a search only compares.
 */
export type SearchIndex = ReadonlyMap<string, readonly IndexEntry[]>;

export type IndexEntry = TokenEntry | StringEntry | DateEntry | ReferenceEntry | UriEntry;

export interface TokenEntry {
  readonly kind: 'token';
  readonly system: string | undefined;
  readonly code: string | undefined;
  /** Folded display and text, for `:text`. */
  readonly text: readonly string[];
}
export interface StringEntry {
  readonly kind: 'string';
  readonly raw: string;
  readonly folded: string;
}
export interface DateEntry extends DateRange {
  readonly kind: 'date';
}
export interface ReferenceEntry {
  readonly kind: 'reference';
  /** A local reference (`Type/id`, or an absolute URL under the sandbox's base). */
  readonly local: { readonly type: string; readonly id: string } | undefined;
  /** Any other reference: an absolute URL elsewhere or a urn:uuid. */
  readonly url: string | undefined;
  readonly identifier: TokenEntry | undefined;
}
export interface UriEntry {
  readonly kind: 'uri';
  readonly value: string;
}

export function indexResource(resource: object, params: readonly SearchParam[], baseUrl: string): SearchIndex {
  const index = new Map<string, IndexEntry[]>();
  for (const param of params) {
    const entries = param.select(resource).flatMap((selected) => entriesOf(param, selected, baseUrl));
    index.set(param.code, entries);
  }
  return index;
}

function entriesOf(param: SearchParam, selected: SelectedValue, baseUrl: string): IndexEntry[] {
  switch (param.type) {
    case 'token':
      return tokenEntries(selected);
    case 'string':
      return stringValues(selected).map(stringEntry);
    case 'date':
      return dateEntries(selected);
    case 'reference':
      return referenceEntries(selected, baseUrl).filter((e) => e.local === undefined || param.targets.includes(e.local.type));
    case 'uri':
      return typeof selected.value === 'string' ? [{ kind: 'uri', value: selected.value }] : [];
  }
}

type Json = Readonly<Record<string, unknown>>;

function tokenEntries({ type, value }: SelectedValue): TokenEntry[] {
  if (typeof value === 'string' || typeof value === 'boolean') return [token(undefined, String(value), [])];
  if (!isObject(value)) return [];
  switch (type) {
    case 'Coding':
      return [token(str(value.system), str(value.code), [str(value.display)])];
    case 'CodeableConcept': {
      const text = str(value.text);
      const codings = Array.isArray(value.coding) ? value.coding.filter(isObject) : [];
      if (codings.length === 0) return text === undefined ? [] : [token(undefined, undefined, [text])];
      return codings.map((c) => token(str(c.system), str(c.code), [str(c.display), text]));
    }
    case 'Identifier':
      return [token(str(value.system), str(value.value), [isObject(value.type) ? str(value.type.text) : undefined])];
    case 'ContactPoint':
      return [token(undefined, str(value.value), [])];
    default:
      return [];
  }
}

function token(system: string | undefined, code: string | undefined, text: readonly (string | undefined)[]): TokenEntry {
  return { kind: 'token', system, code, text: text.filter((t): t is string => t !== undefined).map(fold) };
}

function stringValues({ type, value }: SelectedValue): string[] {
  if (typeof value === 'string') return [value];
  if (!isObject(value)) return [];
  const parts =
    type === 'HumanName' ? [value.text, value.family, value.given, value.prefix, value.suffix]
    : type === 'Address' ? [value.text, value.line, value.city, value.district, value.state, value.postalCode, value.country]
    : [];
  return parts.flatMap((p): unknown[] => (Array.isArray(p) ? (p as unknown[]) : [p])).filter((p): p is string => typeof p === 'string');
}

function stringEntry(raw: string): StringEntry {
  return { kind: 'string', raw, folded: fold(raw) };
}

function dateEntries({ type, value }: SelectedValue): DateEntry[] {
  if (typeof value === 'string') {
    const range = parseDateRange(value);
    return range === undefined ? [] : [{ kind: 'date', ...range }];
  }
  if (!isObject(value)) return [];
  if (type === 'Period') {
    const start = typeof value.start === 'string' ? parseDateRange(value.start)?.start : undefined;
    const end = typeof value.end === 'string' ? parseDateRange(value.end)?.end : undefined;
    if (start === undefined && end === undefined) return [];
    return [{ kind: 'date', start: start ?? -Infinity, end: end ?? Infinity }];
  }
  if (type === 'Timing' && Array.isArray(value.event)) {
    return value.event.flatMap((e) => dateEntries({ type: 'dateTime', value: e }));
  }
  return [];
}

function referenceEntries({ type, value }: SelectedValue, baseUrl: string): ReferenceEntry[] {
  if (typeof value === 'string') return [{ kind: 'reference', ...parseReference(value, baseUrl), identifier: undefined }];
  if (type !== 'Reference' || !isObject(value)) return [];
  const identifier = isObject(value.identifier) ? tokenEntries({ type: 'Identifier', value: value.identifier })[0] : undefined;
  const reference = str(value.reference);
  if (reference === undefined && identifier === undefined) return [];
  const target = reference === undefined ? { local: undefined, url: undefined } : parseReference(reference, baseUrl);
  return [{ kind: 'reference', ...target, identifier }];
}

/** Splits a literal reference into a local `Type/id` (dropping any `/_history/n`) or keeps it as a URL. */
function parseReference(reference: string, baseUrl: string): Pick<ReferenceEntry, 'local' | 'url'> {
  const relative = reference.startsWith(`${baseUrl}/`) ? reference.slice(baseUrl.length + 1) : reference;
  const m = /^([A-Z][A-Za-z]+)\/([A-Za-z0-9\-.]{1,64})(?:\/_history\/[A-Za-z0-9\-.]{1,64})?$/.exec(relative);
  if (m?.[1] !== undefined && m[2] !== undefined) return { local: { type: m[1], id: m[2] }, url: undefined };
  return { local: undefined, url: reference };
}

/** Case- and accent-insensitive form used by string search (R4: "ignoring case and accents"). */
export function fold(text: string): string {
  return text.normalize('NFD').replace(/\p{M}/gu, '').toLowerCase();
}

function isObject(value: unknown): value is Json {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function str(value: unknown): string | undefined {
  return typeof value === 'string' ? value : undefined;
}
