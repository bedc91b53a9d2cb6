/**
 * HTTP header grammar the suites check against: entity tags (RFC 9110 section 8.8.3), HTTP dates in the
 * IMF-fixdate form (RFC 9110 section 5.6.7) and media types (section 8.3.1). Pure functions, no I/O.
 */

export interface EntityTag {
  readonly weak: boolean;
  /** The opaque tag between the quotes. */
  readonly tag: string;
}

// etagc is any visible character but DQUOTE (plus obs-text); W/ marks a weak validator.
const entityTag = /^(W\/)?"([\x21\x23-\x7e\x80-\xff]*)"$/;

/** Parses an ETag header value; undefined when it is not an entity-tag. */
export function parseEntityTag(value: string): EntityTag | undefined {
  const match = entityTag.exec(value.trim());
  if (match === null) return undefined;
  return { weak: match[1] !== undefined, tag: match[2] ?? '' };
}

const days = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'] as const;
const months = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'] as const;
const imfFixdate = /^(Sun|Mon|Tue|Wed|Thu|Fri|Sat), (\d{2}) (Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec) (\d{4}) (\d{2}):(\d{2}):(\d{2}) GMT$/;

/**
 * Parses an HTTP-date a sender generated: only IMF-fixdate is accepted (a sender MUST generate it), and
 * the day name must agree with the date. Undefined when the value is not one.
 */
export function parseHttpDate(value: string): Date | undefined {
  const match = imfFixdate.exec(value);
  if (match === null) return undefined;
  const [, dayName, day, monthName, year, hour, minute, second] = match;
  const month = months.indexOf(monthName as (typeof months)[number]);
  const date = new Date(Date.UTC(Number(year), month, Number(day), Number(hour), Number(minute), Number(second)));
  // Date.UTC rolls 31 Feb into March; a rolled date or a wrong day name is not a valid HTTP-date.
  if (date.getUTCDate() !== Number(day) || date.getUTCMonth() !== month) return undefined;
  if (Number(hour) > 23 || Number(minute) > 59 || Number(second) > 60) return undefined;
  if (days[date.getUTCDay()] !== dayName) return undefined;
  return date;
}

export interface MediaType {
  /** `type/subtype`, lower case. */
  readonly essence: string;
  /** Parameter names lower case; quoted values unquoted. */
  readonly parameters: Readonly<Record<string, string>>;
}

/** Parses a Content-Type value; undefined when it has no `type/subtype`. */
export function parseMediaType(value: string): MediaType | undefined {
  const [head, ...rest] = value.split(';');
  const essence = (head ?? '').trim().toLowerCase();
  if (!/^[!#$%&'*+.^_`|~0-9a-z-]+\/[!#$%&'*+.^_`|~0-9a-z-]+$/.test(essence)) return undefined;
  const parameters: Record<string, string> = {};
  for (const part of rest) {
    const equals = part.indexOf('=');
    if (equals < 0) continue;
    const name = part.slice(0, equals).trim().toLowerCase();
    const raw = part.slice(equals + 1).trim();
    parameters[name] = raw.startsWith('"') && raw.endsWith('"') && raw.length >= 2 ? raw.slice(1, -1) : raw;
  }
  return { essence, parameters };
}
