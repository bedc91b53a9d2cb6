import type { Findings, Where } from './issues.js';

/** The spec's rules for a primitive type, from its StructureDefinition's `value` element: regex and maxLength. */
export interface PrimitiveRules {
  regex(type: string): RegExp | undefined;
  maxLength(type: string): number | undefined;
}

const numericTypes = new Set(['integer', 'unsignedInt', 'positiveInt', 'decimal', 'integer64']);

/**
 * Checks one primitive JSON value against its type: the JSON type (boolean, number or string), the spec's
 * regex, and what a regex cannot say (calendar dates, 32-bit integer range, base64 alphabet).
 */
export function checkPrimitive(type: string, value: unknown, path: Where, findings: Findings, rules: PrimitiveRules): void {
  if (type === 'boolean') {
    if (typeof value !== 'boolean') findings.error('invalid', path, `The value ${describe(value)} is not a valid boolean: it must be the JSON value true or false`);
    return;
  }
  if (numericTypes.has(type)) {
    checkNumber(type, value, path, findings);
    return;
  }
  if (typeof value !== 'string') {
    findings.error('invalid', path, `The value ${describe(value)} is not valid for type ${type}: it must be a JSON string`);
    return;
  }
  if (type === 'xhtml') return;
  if (value.length === 0) {
    findings.error('invalid', path, '@value cannot be empty');
    return;
  }
  const maxLength = rules.maxLength(type);
  // A UTF-16 code unit is at most 3 bytes of UTF-8, so most strings need no count.
  if (maxLength !== undefined && value.length * 3 > maxLength && Buffer.byteLength(value, 'utf8') > maxLength) {
    findings.error('too-long', path, `value is longer than permitted maximum length of ${maxLength >= 1048576 ? '1 MB ' : ''}(${maxLength} bytes)`);
    return;
  }
  if (type === 'base64Binary') {
    if (!isBase64(value)) findings.error('invalid', path, `The value '${clip(value)}' is not a valid Base64 value`);
    return;
  }
  if (type === 'string' || type === 'markdown') return;
  const regex = rules.regex(type);
  if (regex !== undefined && !regex.test(value)) {
    findings.error('invalid', path, lexicalMessage(type, value));
    return;
  }
  if ((type === 'date' || type === 'dateTime' || type === 'instant') && !isCalendarDate(value)) {
    findings.error('invalid', path, `The value '${value}' is not a valid ${type}: there is no such day`);
  }
  if (type === 'uri' || type === 'url' || type === 'canonical') checkUri(type, value, path, findings, rules);
}

function checkNumber(type: string, value: unknown, path: Where, findings: Findings): void {
  if (typeof value !== 'number' || !Number.isFinite(value)) {
    findings.error('invalid', path, `The value ${describe(value)} is not a valid ${type}: it must be a JSON number`);
    return;
  }
  if (type === 'decimal') return;
  if (!Number.isInteger(value)) {
    findings.error('invalid', path, `The value ${value} is not a valid ${type}: it must be a whole number`);
  } else if (value > 2147483647 || value < -2147483648) {
    findings.error('invalid', path, `The value ${value} is outside the range of a 32-bit ${type}`);
  } else if (type === 'unsignedInt' && value < 0) {
    findings.error('invalid', path, `The value ${value} is not a valid unsignedInt: it must not be negative`);
  } else if (type === 'positiveInt' && value < 1) {
    findings.error('invalid', path, `The value ${value} is not a valid positiveInt: it must be 1 or more`);
  }
}

/** urn:oid: and urn:uuid: URIs must be well-formed OIDs and UUIDs. */
function checkUri(type: string, value: string, path: Where, findings: Findings, rules: PrimitiveRules): void {
  if (value.startsWith('urn:oid:')) {
    const oid = rules.regex('oid');
    if (oid !== undefined && !oid.test(value)) findings.error('invalid', path, `The ${type} '${value}' is not a valid OID`);
  } else if (value.startsWith('urn:uuid:')) {
    if (!/^urn:uuid:[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$/.test(value)) {
      findings.error('invalid', path, `The ${type} '${value}' is not a valid UUID`);
    }
  }
}

function lexicalMessage(type: string, value: string): string {
  switch (type) {
    case 'date':
    case 'dateTime':
    case 'instant':
      return /T\d/.test(value) && !/(Z|[+-]\d\d:\d\d)$/.test(value)
        ? `Not a valid ${type} format: '${clip(value)}' (if a date has a time, it must have a timezone)`
        : `Not a valid ${type} format: '${clip(value)}'`;
    case 'id':
      return `The value '${clip(value)}' is not a valid id: 1 to 64 letters, digits, '-' and '.'`;
    default:
      return `The value '${clip(value)}' is not a valid ${type}`;
  }
}

/**
 * Groups of four base64 characters, the last of which may end in one or two '=', with whitespace (space, tab,
 * CR, LF) anywhere: linear (the spec's regex backtracks badly on long values), and several times faster on
 * large binaries than a loop over the characters.
 */
const base64Space = '[ \\t\\n\\r]*';
const base64Char = '[A-Za-z0-9+/]';
const base64 = new RegExp(
  `^(?:${base64Space}${base64Char}${base64Space}${base64Char}${base64Space}${base64Char}${base64Space}${base64Char})*${base64Space}` +
    `(?:${base64Char}${base64Space}${base64Char}${base64Space}(?:=${base64Space}=|${base64Char}${base64Space}=)${base64Space})?$`,
);

/** Without whitespace, base64 is its alphabet then at most two '=', four characters a group: one linear scan. */
const compactBase64 = /^[A-Za-z0-9+/]*={0,2}$/;
const base64Whitespace = /[ \t\n\r]/;

function isBase64(value: string): boolean {
  if (!base64Whitespace.test(value)) return value.length % 4 === 0 && compactBase64.test(value);
  // The expression keeps a backtrack entry per group: past a few million characters V8 runs out of room.
  return value.length <= base64RegexLimit ? base64.test(value) : isBase64ByLoop(value);
}

const base64RegexLimit = 1_000_000;

function isBase64ByLoop(value: string): boolean {
  let count = 0;
  let padding = 0;
  for (let i = 0; i < value.length; i++) {
    const c = value.charCodeAt(i);
    if (c === 32 || c === 9 || c === 10 || c === 13) continue;
    const alphabet = (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || (c >= 48 && c <= 57) || c === 43 || c === 47;
    if (c === 61) padding++;
    else if (!alphabet || padding > 0) return false;
    count++;
  }
  return count % 4 === 0 && padding <= 2;
}

const daysInMonth: readonly number[] = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

/** Year-month-day exists in the calendar (the regexes allow 31 February). */
function isCalendarDate(value: string): boolean {
  if (value.length < 10 || value.charCodeAt(4) !== 45 || value.charCodeAt(7) !== 45) return true;
  const year = digits(value, 0, 4);
  const month = digits(value, 5, 2);
  const day = digits(value, 8, 2);
  if (year < 0 || month < 0 || day < 0) return true;
  const leap = (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
  const days = (month === 2 && leap ? 29 : daysInMonth[month - 1]) ?? 0;
  return day <= days;
}

/** The number written by `count` ASCII digits at `start`, or -1 when they are not all digits. */
function digits(value: string, start: number, count: number): number {
  let n = 0;
  for (let i = start; i < start + count; i++) {
    const c = value.charCodeAt(i) - 48;
    if (c < 0 || c > 9) return -1;
    n = n * 10 + c;
  }
  return n;
}

function describe(value: unknown): string {
  if (typeof value === 'string') return `'${clip(value)}'`;
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  if (typeof value === 'object') return 'an object';
  return typeof value === 'number' || typeof value === 'boolean' ? String(value) : typeof value;
}

function clip(value: string): string {
  return value.length > 80 ? `${value.slice(0, 77)}...` : value;
}
