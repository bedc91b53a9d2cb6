import { expect } from 'chai';
import { buildCertificate } from '../../../reports/certificate/certificate.js';
import { fixedClock } from '../../../reports/clock.js';
import { supplierCsv, supplierView } from '../../../reports/scoring/supplier-view.js';
import { runReportFixture } from '../../support/run-report-fixture.js';

describe('the supplier view (trust or ICS)', () => {
  const certificate = (organisation: string, at: string, outcomes = {}) =>
    buildCertificate(runReportFixture({ outcomes }).report, { organisation, product: 'EPR', version: '1', endpoint: `https://${organisation.toLowerCase()}.test/R4` }, 'k', fixedClock(at));

  const view = supplierView(
    [
      { file: 'b-2024.jws', certificate: certificate('Beta', '2024-05-01T00:00:00Z', { 'fhir-r4-rest/read/patient': 'fail' }), verificationCode: 'B1' },
      { file: 'b-2025.jws', certificate: certificate('Beta', '2025-05-01T00:00:00Z'), verificationCode: 'B2' },
      { file: 'a.jws', certificate: certificate('=Alpha', '2025-01-01T00:00:00Z', { 'uk-core/UKCore-Patient/nhs-number': 'fail' }), verificationCode: 'A1' },
    ],
    [{ file: 'forged.jws', reason: 'signature', message: 'the signature does not match' }],
    new Date('2025-06-01T00:00:00Z'),
  );

  it('keeps the newest certificate per interface and counts levels, labels and DTAC evidence', () => {
    expect(view.suppliers.map((r) => [r.organisation, r.level, r.label, r.certificate])).to.deep.equal([
      ['=Alpha', 2, 'basic', 'a.jws'],
      ['Beta', 3, 'developing', 'b-2025.jws'],
    ]);
    expect(view.levels).to.deep.equal({ 1: 0, 2: 1, 3: 1, 4: 0, 5: 0 });
    expect(view.labels).to.deep.equal({ basic: 1, developing: 1, advanced: 0 });
    expect(view.dtac).to.deep.equal({ 'C4.1': 2, 'C4.2': 1, 'C4.3': 1 });
    expect(view.superseded).to.deep.equal([{ file: 'b-2024.jws', by: 'b-2025.jws' }]);
    expect(view.rejected).to.deep.equal([{ file: 'forged.jws', reason: 'signature', message: 'the signature does not match' }]);
  });

  it('writes CSV a spreadsheet opens safely', () => {
    const lines = supplierCsv(view).split('\r\n');
    expect(lines[0]).to.equal(
      'organisation,product,version,endpoint,level,label,dtacC41,dtacC42,dtacC43,shallFailures,shouldFailures,method,issuer,issuerKid,issued,expires,certificate,verificationCode',
    );
    expect(lines[1]).to.equal(
      `"'=Alpha",EPR,1,https://=alpha.test/R4,2,basic,true,false,false,1,0,self-assessed,"'=Alpha",k,2025-01-01T00:00:00.000Z,2026-01-01T00:00:00.000Z,a.jws,A1`,
    );
    expect(lines).to.have.length(4);
    expect(lines[3]).to.equal('');
  });
});
