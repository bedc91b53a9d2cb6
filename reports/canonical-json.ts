/**
 * Canonical JSON (the JSON Canonicalization Scheme, RFC 8785, for the data Assay writes): object keys
 * sorted by UTF-16 code units, no insignificant whitespace, numbers and strings as ECMAScript serialises
 * them. The same value always gives the same bytes, which is what report digests and certificates sign.
 * The runner hashes every exchange with it, so a value whose keys are already in canonical order (the
 * transport builds exchanges that way) goes through the engine's own JSON.stringify, which then writes
 * exactly the same bytes; anything else is written by the string builder below.
 */
export function canonicalJson(value: unknown): string {
  return inCanonicalOrder(value) ? JSON.stringify(value) : build(value);
}

function build(value: unknown): string {
  if (value === null || typeof value === 'boolean' || typeof value === 'string') return JSON.stringify(value);
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) throw new TypeError(`canonical JSON cannot hold the number ${value}`);
    return JSON.stringify(value);
  }
  if (Array.isArray(value)) {
    let out = '[';
    for (let i = 0; i < value.length; i++) out += `${i === 0 ? '' : ','}${build((value[i] as unknown) ?? null)}`;
    return `${out}]`;
  }
  if (typeof value === 'object') {
    const record = value as Record<string, unknown>;
    // The default sort compares UTF-16 code units, as RFC 8785 requires.
    const keys = Object.keys(record).sort();
    let out = '{';
    for (const key of keys) {
      const member = record[key];
      if (member === undefined) continue;
      out += `${out.length === 1 ? '' : ','}${JSON.stringify(key)}:${build(member)}`;
    }
    return `${out}}`;
  }
  throw new TypeError(`canonical JSON cannot hold a ${typeof value}`);
}

/**
 * True when JSON.stringify writes `value` exactly as canonical JSON: plain objects and arrays only (no
 * toJSON, no boxed values), finite numbers, and every object's keys already ascending by UTF-16 code
 * units in enumeration order (integer-like keys, which engines enumerate first, fail this unless they
 * happen to be in order too). Anything else, including what canonical JSON refuses, takes the builder.
 */
function inCanonicalOrder(value: unknown): boolean {
  switch (typeof value) {
    case 'string':
    case 'boolean':
    case 'undefined':
      return true;
    case 'number':
      return Number.isFinite(value);
    case 'object': {
      if (value === null) return true;
      if (Array.isArray(value)) {
        for (let i = 0; i < value.length; i++) if (!inCanonicalOrder(value[i])) return false;
        return Object.getPrototypeOf(value) === Array.prototype;
      }
      const prototype: unknown = Object.getPrototypeOf(value);
      if (prototype !== Object.prototype && prototype !== null) return false;
      let previous: string | undefined;
      for (const key in value) {
        if (previous !== undefined && !(previous < key)) return false;
        previous = key;
        if (!inCanonicalOrder((value as Record<string, unknown>)[key])) return false;
      }
      return true;
    }
    default:
      return false;
  }
}
