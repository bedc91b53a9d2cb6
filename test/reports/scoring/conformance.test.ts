import { expect } from 'chai';
import { conformanceOf } from '../../../reports/scoring/conformance.js';
import { runReportFixture } from '../../support/run-report-fixture.js';

describe('capability levels', () => {
  it('gives level 3 (developing) to a clean run with local terminology, and says what level 4 lacks', () => {
    const conformance = conformanceOf(runReportFixture().report);
    expect(conformance).to.include({ level: 3, label: 'developing' });
    const unmet = conformance.elements.filter((element) => !element.met).map(({ id, reason }) => ({ id, reason }));
    expect(unmet).to.deep.equal([
      { id: 'terminology-server', reason: 'terminology mode "local" is not a terminology server' },
      { id: 'cross-organisation', reason: 'no cross-org-* suite was run' },
      { id: 'newest-packages', reason: 'the newest package releases were not stated by the issuer' },
    ]);
  });

  it('reaches level 4 (advanced) with a terminology server', () => {
    const conformance = conformanceOf(runReportFixture({ terminology: 'remote https://ontology.nhs.uk/production1/fhir' }).report);
    expect(conformance).to.include({ level: 4, label: 'advanced' });
    expect(conformance.elements.find((element) => element.id === 'terminology-server')?.reason).to.equal(
      'terminology checked by remote https://ontology.nhs.uk/production1/fhir',
    );
  });

  it('drops to level 1 (basic) when a SHALL of the base suite fails, naming it', () => {
    const conformance = conformanceOf(runReportFixture({ outcomes: { 'fhir-r4-rest/read/patient': 'fail' } }).report);
    expect(conformance).to.include({ level: 1, label: 'basic' });
    expect(conformance.elements.find((element) => element.id === 'read')).to.deep.include({
      met: false,
      reason: 'SHALL requirements failed: R4-READ-01',
    });
  });

  it('is not lowered by a SHOULD failure', () => {
    expect(conformanceOf(runReportFixture({ outcomes: { 'fhir-r4-rest/read/etag': 'fail' } }).report).level).to.equal(3);
  });

  it('does not count an element whose only tests were omitted as demonstrated', () => {
    const conformance = conformanceOf(runReportFixture({ outcomes: { 'fhir-r4-rest/write/create': 'omit' }, terminology: 'server x' }).report);
    expect(conformance.level).to.equal(3);
    expect(conformance.elements.find((element) => element.id === 'write')).to.deep.include({
      met: false,
      reason: 'not demonstrated: none of 1 requirements passed (skipped, omitted or untested)',
    });
  });

  it('stops at level 2 when the UK Core suite was not run', () => {
    const conformance = conformanceOf(runReportFixture({ suites: ['fhir-r4-rest', 'nhs-api', 'security'] }).report);
    expect(conformance.level).to.equal(2);
    expect(conformance.elements.find((element) => element.id === 'uk-core')).to.deep.include({ met: false, reason: 'no uk-core suite was run' });
  });

  it('needs the newest package releases for level 5, naming a package that is behind', () => {
    const { report } = runReportFixture({ terminology: 'server x' });
    const conformance = conformanceOf(report, { latestPackages: [{ id: 'fhir.r4.ukcore.stu2', version: '2.0.3' }] });
    expect(conformance.elements.find((element) => element.id === 'newest-packages')).to.deep.include({
      met: false,
      reason: 'fhir.r4.ukcore.stu2 is 2.0.2, newest is 2.0.3',
    });
  });

  it('maps the elements to DTAC C4.1, C4.2 and C4.3 as evidence', () => {
    const clean = conformanceOf(runReportFixture().report).dtac;
    expect(clean.map(({ id, evidenced }) => [id, evidenced])).to.deep.equal([['C4.1', true], ['C4.2', true], ['C4.3', true]]);
    const noNhsNumber = conformanceOf(runReportFixture({ outcomes: { 'uk-core/UKCore-Patient/nhs-number': 'fail' } }).report).dtac;
    // A failed NHS number rule is a failed UK Core requirement too, so C4.3 loses its UK Core evidence.
    expect(noNhsNumber.map(({ id, evidenced }) => [id, evidenced])).to.deep.equal([['C4.1', true], ['C4.2', false], ['C4.3', false]]);
  });
});
