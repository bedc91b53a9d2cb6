import type { ServedType } from '../content.js';
import { FhirError } from '../outcome.js';
import { nhsErrorCodes } from '../nhs-error-codes.js';
import type { DatePrefix, DateRange } from './dates.js';
import { parseDateRange } from './dates.js';
import { fold } from './index.js';
import type { SearchParam } from './parameters.js';

export type SearchValue =
  | { readonly kind: 'missing'; readonly missing: boolean }
  | { readonly kind: 'token'; readonly system: string | undefined; readonly code: string | undefined }
  | { readonly kind: 'text'; readonly folded: string }
  | { readonly kind: 'string'; readonly raw: string; readonly folded: string }
  | { readonly kind: 'date'; readonly prefix: DatePrefix; readonly range: DateRange }
  | { readonly kind: 'reference'; readonly type: string | undefined; readonly id: string | undefined; readonly url: string | undefined }
  | { readonly kind: 'reference-identifier'; readonly system: string | undefined; readonly code: string | undefined }
  | { readonly kind: 'uri'; readonly value: string };

/** One `name[:modifier]=a,b` of a search: its values are alternatives (OR); criteria are all required (AND). */
export interface Criterion {
  readonly param: SearchParam;
  readonly modifier: string | undefined;
  readonly values: readonly SearchValue[];
}

export type SummaryMode = 'true' | 'false' | 'text' | 'data' | 'count';

export interface Include {
  readonly source: string;
  readonly param: SearchParam;
  readonly target: string | undefined;
}

export interface ParsedSearch {
  readonly criteria: readonly Criterion[];
  readonly count: number | undefined;
  readonly offset: number;
  readonly includes: readonly Include[];
  readonly revIncludes: readonly Include[];
  readonly summary: SummaryMode | undefined;
  readonly elements: readonly string[] | undefined;
  /** The parameters the search used, in order, for the self link (R4: only those actually applied). */
  readonly used: readonly (readonly [string, string])[];
}

/** The largest page the sandbox returns; a bigger `_count` gets this many. */
export const maxPageSize = 100;

const prefixes = new Set<string>(['eq', 'ne', 'gt', 'lt', 'ge', 'le', 'sa', 'eb', 'ap']);

/**
 * Parses search parameters against a type's declared ones. Unknown parameters are ignored (R4's default
 * `handling=lenient`) unless the client asked for `Prefer: handling=strict`; a declared parameter with a
 * malformed value is always a 400 INVALID_SEARCH_DATA.
 */
export function parseSearch(
  served: ServedType,
  params: readonly (readonly [string, string])[],
  strict: boolean,
  typeOf: (name: string) => ServedType | undefined,
): ParsedSearch {
  const criteria: Criterion[] = [];
  const used: (readonly [string, string])[] = [];
  const includes: Include[] = [];
  const revIncludes: Include[] = [];
  let count: number | undefined;
  let offset = 0;
  let summary: SummaryMode | undefined;
  let elements: string[] | undefined;

  for (const [name, value] of params) {
    if (value === '') continue;
    switch (name) {
      case '_count':
        count = Math.min(nonNegativeInteger(name, value), maxPageSize);
        continue;
      case '_offset':
        offset = nonNegativeInteger(name, value);
        continue;
      // General parameters that change nothing here: the total is always accurate, the JSON never pretty.
      case '_pretty':
      case '_total':
        continue;
      case '_summary':
        if (!['true', 'false', 'text', 'data', 'count'].includes(value)) throw badSearch(`_summary=${value} is not one of true, false, text, data, count`);
        summary = value as SummaryMode;
        used.push([name, value]);
        continue;
      case '_elements':
        elements = value.split(',').map((e) => e.trim()).filter((e) => e !== '');
        used.push([name, value]);
        continue;
      case '_include':
        includes.push(parseInclude(served, value, typeOf, 'forward'));
        used.push([name, value]);
        continue;
      case '_revinclude':
        revIncludes.push(parseInclude(served, value, typeOf, 'reverse'));
        used.push([name, value]);
        continue;
    }
    const [code = '', modifier, ...rest] = name.split(':');
    const param = served.searchParams.find((p) => p.code === code);
    if (param === undefined || rest.length > 0) {
      if (strict) throw badSearch(`${name} is not a search parameter this server supports for ${served.type} (Prefer: handling=strict)`);
      continue;
    }
    criteria.push({ param, modifier, values: parseValues(param, modifier, value, name) });
    used.push([name, value]);
  }
  if (count !== undefined) used.push(['_count', String(count)]);
  return { criteria, count, offset, includes, revIncludes, summary, elements, used };
}

function parseValues(param: SearchParam, modifier: string | undefined, value: string, name: string): SearchValue[] {
  if (modifier === 'missing') {
    if (value !== 'true' && value !== 'false') throw badSearch(`${name}=${value}: :missing takes true or false`);
    return [{ kind: 'missing', missing: value === 'true' }];
  }
  const allowed: Record<SearchParam['type'], readonly string[]> = {
    token: ['not', 'text'],
    string: ['exact', 'contains'],
    date: [],
    reference: ['identifier', ...param.targets],
    uri: [],
  };
  if (modifier !== undefined && !allowed[param.type].includes(modifier)) {
    throw badSearch(`${name}: the modifier :${modifier} is not supported for ${param.code} (a ${param.type} parameter)`);
  }
  return splitEscaped(value, ',').map((one) => parseValue(param, modifier, one, name));
}

function parseValue(param: SearchParam, modifier: string | undefined, value: string, name: string): SearchValue {
  switch (param.type) {
    case 'token':
      return modifier === 'text' ? { kind: 'text', folded: fold(unescape(value)) } : parseToken(value);
    case 'string':
      return { kind: 'string', raw: unescape(value), folded: fold(unescape(value)) };
    case 'date': {
      const prefix = prefixes.has(value.slice(0, 2)) ? (value.slice(0, 2) as DatePrefix) : 'eq';
      const range = parseDateRange(prefixes.has(value.slice(0, 2)) ? value.slice(2) : value);
      if (range === undefined) throw badSearch(`${name}=${value} is not a FHIR date (e.g. 2021-03-04, ge2021-03-04T10:00:00Z)`);
      return { kind: 'date', prefix, range };
    }
    case 'reference':
      if (modifier === 'identifier') return { ...parseToken(value), kind: 'reference-identifier' };
      return parseReferenceValue(param, modifier, unescape(value), name);
    case 'uri':
      return { kind: 'uri', value: unescape(value) };
  }
}

function parseToken(value: string): { kind: 'token'; system: string | undefined; code: string | undefined } {
  const parts = splitEscaped(value, '|');
  if (parts.length === 1) return { kind: 'token', system: undefined, code: unescape(value) };
  const [system = '', code = ''] = parts;
  return { kind: 'token', system: unescape(system), code: code === '' ? undefined : unescape(code) };
}

function parseReferenceValue(param: SearchParam, modifier: string | undefined, value: string, name: string): SearchValue {
  if (/^[a-z][a-z0-9+.-]*:/i.test(value)) return { kind: 'reference', type: undefined, id: undefined, url: value };
  const m = /^(?:([A-Z][A-Za-z]+)\/)?([A-Za-z0-9\-.]{1,64})(?:\/_history\/[A-Za-z0-9\-.]{1,64})?$/.exec(value);
  if (m?.[2] === undefined) throw badSearch(`${name}=${value} is not a reference (Type/id, id or an absolute URL)`);
  const type = m[1] ?? modifier;
  if (type !== undefined && !param.targets.includes(type)) {
    throw badSearch(`${name}=${value}: ${param.code} does not refer to ${type} (it refers to ${param.targets.join(', ')})`);
  }
  return { kind: 'reference', type, id: m[2], url: undefined };
}

function parseInclude(served: ServedType, value: string, typeOf: (name: string) => ServedType | undefined, direction: 'forward' | 'reverse'): Include {
  const [source = '', code = '', target, ...rest] = value.split(':');
  const sourceType = typeOf(source);
  const param = sourceType?.searchParams.find((p) => p.code === code && p.type === 'reference');
  const label = direction === 'forward' ? '_include' : '_revinclude';
  if (sourceType === undefined || param === undefined || rest.length > 0) {
    throw badSearch(`${label}=${value} is not SourceType:referenceParameter[:TargetType] with a reference parameter this server supports`);
  }
  if (direction === 'forward' && source !== served.type) throw badSearch(`${label}=${value} must start with ${served.type}:`);
  if (target !== undefined && !param.targets.includes(target)) throw badSearch(`${label}=${value}: ${code} does not refer to ${target}`);
  if (direction === 'reverse' && !param.targets.includes(target ?? served.type)) throw badSearch(`${label}=${value}: ${code} does not refer to ${served.type}`);
  return { source, param, target };
}

function nonNegativeInteger(name: string, value: string): number {
  if (!/^\d{1,9}$/.test(value)) throw badSearch(`${name}=${value} is not a non-negative integer`);
  return Number(value);
}

/** Splits on a separator not escaped with `\` (R4 search.html#escaping). */
function splitEscaped(value: string, separator: ',' | '|'): string[] {
  const parts: string[] = [];
  let current = '';
  for (let i = 0; i < value.length; i++) {
    const c = value[i];
    if (c === '\\' && i + 1 < value.length) {
      current += c + (value[i + 1] ?? '');
      i++;
    } else if (c === separator) {
      parts.push(current);
      current = '';
    } else current += c;
  }
  parts.push(current);
  return parts;
}

function unescape(value: string): string {
  return value.replace(/\\([\\,|$])/g, '$1');
}

export function badSearch(message: string): FhirError {
  return new FhirError(400, 'invalid', nhsErrorCodes.invalidSearchData, message);
}
