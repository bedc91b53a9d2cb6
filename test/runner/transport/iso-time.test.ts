import { expect } from 'chai';
import { isoTime } from '../../../runner/transport/iso-time.js';

describe('isoTime', () => {
  it('writes what toISOString writes at the edges of its range, of months and of leap years', () => {
    const cases: [number, string][] = [
      [0, '1970-01-01T00:00:00.000Z'],
      [Date.UTC(2000, 1, 29, 23, 59, 59, 999), '2000-02-29T23:59:59.999Z'],
      [Date.UTC(2000, 2, 1), '2000-03-01T00:00:00.000Z'],
      [Date.UTC(2100, 1, 28, 12), '2100-02-28T12:00:00.000Z'],
      [Date.UTC(2100, 2, 1, 0, 0, 0, 7), '2100-03-01T00:00:00.007Z'],
      [Date.UTC(2026, 11, 31, 23, 59, 59, 50), '2026-12-31T23:59:59.050Z'],
      [253402300799999, '9999-12-31T23:59:59.999Z'],
      // Outside four-digit years, and fractions of a millisecond, as toISOString has them.
      [253402300800000, '+010000-01-01T00:00:00.000Z'],
      [-1, '1969-12-31T23:59:59.999Z'],
      [1.5, '1970-01-01T00:00:00.001Z'],
    ];
    for (const [ms, iso] of cases) expect(isoTime(ms), String(ms)).to.equal(iso);
  });

  it('agrees with toISOString on every day from 1970 to 2400 at a time of day that moves', () => {
    const day = 86_400_000;
    for (let ms = 0, i = 0; ms < Date.UTC(2400, 0, 1); ms += day, i++) {
      const at = ms + ((i * 7_919_993) % day);
      if (isoTime(at) !== new Date(at).toISOString()) expect(isoTime(at), String(at)).to.equal(new Date(at).toISOString());
    }
  });

  it('refuses an invalid time as toISOString does', () => {
    expect(() => isoTime(Number.NaN)).to.throw(RangeError, 'Invalid time value');
  });
});
