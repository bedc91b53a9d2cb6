import { expect } from 'chai';
import { buildCertificate } from '../../reports/certificate/certificate.js';
import { fixedClock } from '../../reports/clock.js';
import { diffOutcomes, diffText, hasShallRegression, snapshotOfCertificate, snapshotOfReport } from '../../reports/diff.js';
import { baseUrl, runReportFixture } from '../support/run-report-fixture.js';

describe('diff by requirement', () => {
  const old = runReportFixture({
    outcomes: { 'fhir-r4-rest/read/etag': 'fail', 'pds/retrieve/by-nhs-number': 'pass', 'uk-core/UKCore-Patient/must-support': 'pass' },
  }).report;
  const now = runReportFixture({
    outcomes: { 'nhs-api/headers/x-request-id': 'fail', 'uk-core/UKCore-Patient/must-support': 'skip' },
    suites: ['fhir-r4-rest', 'uk-core', 'nhs-api', 'security'],
  }).report;

  it('sorts every change into regressions, fixes, other changes and removed requirements', () => {
    const diff = diffOutcomes(snapshotOfReport(old, 'old.json'), snapshotOfReport(now, 'new.json'));
    expect(diff.regressions).to.deep.equal([{ id: 'NHS-API-HDR-01', suite: 'nhs-api', level: 'SHALL', before: 'pass', after: 'fail' }]);
    expect(diff.fixes).to.deep.equal([{ id: 'R4-ETAG-01', suite: 'fhir-r4-rest', level: 'SHOULD', before: 'fail', after: 'pass' }]);
    expect(diff.changes).to.deep.equal([{ id: 'UKCORE-MS-01', suite: 'uk-core', level: 'SHOULD', before: 'pass', after: 'skip' }]);
    expect(diff.removed).to.deep.equal([{ id: 'PDS-READ-01', suite: 'pds', level: 'SHALL', before: 'pass', after: 'absent' }]);
    expect(diff.added).to.deep.equal([]);
    expect(hasShallRegression(diff)).to.equal(true);
    expect(diffText(diff)).to.equal(
      [
        'diff old.json -> new.json',
        '  level 3 -> 2',
        '  12 tests: 11 pass, 1 fail, 0 error, 0 skip, 0 omit',
        '  11 tests: 9 pass, 1 fail, 0 error, 1 skip, 0 omit',
        'Regressions (1):',
        '  NHS-API-HDR-01  nhs-api  SHALL  pass -> fail',
        'Fixes (1):',
        '  R4-ETAG-01  fhir-r4-rest  SHOULD  fail -> pass',
        'Other changes (1):',
        '  UKCORE-MS-01  uk-core  SHOULD  pass -> skip',
        'Removed requirements (1):',
        '  PDS-READ-01  pds  SHALL  pass -> absent',
        '',
      ].join('\n'),
    );
  });

  it('compares certificates the same way as reports', () => {
    const subject = { organisation: 'Acme', product: 'EPR', version: '1', endpoint: baseUrl };
    const certificate = (report: typeof old) => snapshotOfCertificate(buildCertificate(report, subject, 'k', fixedClock('2025-03-02T00:00:00Z')), 'c');
    const fromCertificates = diffOutcomes(certificate(old), certificate(now));
    const fromReports = diffOutcomes(snapshotOfReport(old, 'c'), snapshotOfReport(now, 'c'));
    expect(fromCertificates).to.deep.equal(fromReports);
  });

  it('says when nothing changed', () => {
    const diff = diffOutcomes(snapshotOfReport(old, 'a'), snapshotOfReport(old, 'b'));
    expect(diffText(diff)).to.match(/\nNo change in any requirement outcome\.\n$/);
    expect(hasShallRegression(diff)).to.equal(false);
  });
});
