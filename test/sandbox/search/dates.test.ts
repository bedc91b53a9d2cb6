import { expect } from 'chai';
import { matchesDate, parseDateRange } from '../../../sandbox/search/dates.js';

describe('sandbox: FHIR dates as ranges (R4 search.html#date)', () => {
  it('turns each precision into its whole range', () => {
    const iso = (text: string) => {
      const range = parseDateRange(text);
      return range === undefined ? undefined : [new Date(range.start).toISOString(), new Date(range.end).toISOString()];
    };
    expect(iso('2024')).to.deep.equal(['2024-01-01T00:00:00.000Z', '2025-01-01T00:00:00.000Z']);
    expect(iso('2024-02')).to.deep.equal(['2024-02-01T00:00:00.000Z', '2024-03-01T00:00:00.000Z']);
    expect(iso('2024-02-29')).to.deep.equal(['2024-02-29T00:00:00.000Z', '2024-03-01T00:00:00.000Z']);
    expect(iso('2024-02-29T10:15:30+01:00')).to.deep.equal(['2024-02-29T09:15:30.000Z', '2024-02-29T09:15:31.000Z']);
    expect(iso('2024-02-29T10:15:30.123Z')).to.deep.equal(['2024-02-29T10:15:30.123Z', '2024-02-29T10:15:30.124Z']);
  });

  it('refuses what is not a date', () => {
    for (const text of ['2023-02-29', '2024-13', '24', '2024-1-1', '2024-01-01T25:00:00Z', "1970' OR '1'='1", '']) {
      expect(parseDateRange(text), text).to.equal(undefined);
    }
  });

  it('applies the prefixes to ranges', () => {
    const day = parseDateRange('2024-05-10')!;
    const now = Date.UTC(2025, 0, 1);
    const instant = (text: string) => parseDateRange(text)!;
    expect(matchesDate('eq', day, instant('2024-05-10T12:00:00Z'), now)).to.equal(true);
    expect(matchesDate('eq', day, instant('2024-05'), now)).to.equal(false);
    expect(matchesDate('ne', day, instant('2024-05-11T00:00:00Z'), now)).to.equal(true);
    expect(matchesDate('gt', day, instant('2024-05'), now)).to.equal(true);
    expect(matchesDate('lt', day, instant('2024-05-10T23:59:59Z'), now)).to.equal(false);
    expect(matchesDate('ge', day, instant('2024-05-10T00:00:00Z'), now)).to.equal(true);
    expect(matchesDate('le', day, instant('2024-05-11T00:00:00Z'), now)).to.equal(false);
    expect(matchesDate('sa', day, instant('2024-05-11'), now)).to.equal(true);
    expect(matchesDate('eb', day, instant('2024-05-09'), now)).to.equal(true);
    expect(matchesDate('ap', day, instant('2024-05-20'), now)).to.equal(true);
    expect(matchesDate('ap', day, instant('2023-01-01'), now)).to.equal(false);
  });
});
