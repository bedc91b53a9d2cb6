/**
 * FHIR dates as half-open ranges in milliseconds: `2021` is the whole year, `2021-03-04` the whole day,
 * an instant its millisecond. A date without a time zone is taken as UTC (the sandbox has no local zone).
 */
export interface DateRange {
  readonly start: number;
  readonly end: number;
}

const datePattern =
  /^(\d{4})(?:-(\d{2})(?:-(\d{2})(?:T(\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,9}))?)?(Z|[+-]\d{2}:\d{2})?)?)?)?$/;

/** Parses a FHIR date, dateTime or instant (any precision); undefined when it is not one. */
export function parseDateRange(text: string): DateRange | undefined {
  const m = datePattern.exec(text);
  if (m === null) return undefined;
  const [, y, mo, d, h, mi, s, frac, zone] = m;
  const year = Number(y);
  const month = mo === undefined ? undefined : Number(mo) - 1;
  const day = d === undefined ? undefined : Number(d);
  if (month !== undefined && (month < 0 || month > 11)) return undefined;
  if (day !== undefined && (day < 1 || day > daysIn(year, month ?? 0))) return undefined;
  if (h !== undefined && (Number(h) > 23 || Number(mi) > 59 || Number(s ?? 0) > 59)) return undefined;
  const offset = zone === undefined || zone === 'Z' ? 0 : zoneMinutes(zone);
  const base = Date.UTC(year, month ?? 0, day ?? 1, Number(h ?? 0), Number(mi ?? 0), Number(s ?? 0), fraction(frac)) - offset * 60_000;
  if (Number.isNaN(base)) return undefined;
  const end =
    month === undefined ? Date.UTC(year + 1, 0, 1)
    : day === undefined ? Date.UTC(year, month + 1, 1)
    : h === undefined ? Date.UTC(year, month, day + 1)
    : s === undefined ? base + 60_000
    : frac === undefined ? base + 1000
    : base + 1;
  return { start: base, end };
}

function daysIn(year: number, month: number): number {
  return new Date(Date.UTC(year, month + 1, 0)).getUTCDate();
}

function zoneMinutes(zone: string): number {
  const sign = zone.startsWith('-') ? -1 : 1;
  return sign * (Number(zone.slice(1, 3)) * 60 + Number(zone.slice(4, 6)));
}

function fraction(frac: string | undefined): number {
  return frac === undefined ? 0 : Math.floor(Number(`0.${frac}`) * 1000);
}

/** The search prefixes of R4 (search.html#prefix). */
export type DatePrefix = 'eq' | 'ne' | 'gt' | 'lt' | 'ge' | 'le' | 'sa' | 'eb' | 'ap';

/** Whether a resource's date range satisfies `prefix search` (R4 search.html, "date"). */
export function matchesDate(prefix: DatePrefix, search: DateRange, target: DateRange, now: number): boolean {
  switch (prefix) {
    case 'eq':
      return target.start >= search.start && target.end <= search.end;
    case 'ne':
      return !(target.start >= search.start && target.end <= search.end);
    case 'gt':
      return target.end > search.end;
    case 'lt':
      return target.start < search.start;
    case 'ge':
      return target.end > search.end || (target.start >= search.start && target.end <= search.end);
    case 'le':
      return target.start < search.start || (target.start >= search.start && target.end <= search.end);
    case 'sa':
      return target.start >= search.end;
    case 'eb':
      return target.end <= search.start;
    case 'ap': {
      // "Approximately": the spec suggests 10% of the gap between now and the value; at least a day.
      const slack = Math.max(86_400_000, Math.abs(now - search.start) * 0.1);
      return target.start < search.end + slack && target.end > search.start - slack;
    }
  }
}
