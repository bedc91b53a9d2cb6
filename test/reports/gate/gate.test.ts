import { expect } from 'chai';
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { buildCertificate } from '../../../reports/certificate/certificate.js';
import { fixedClock } from '../../../reports/clock.js';
import { evaluateGate } from '../../../reports/gate/gate.js';
import { parseGatePolicy } from '../../../reports/gate/policy.js';
import { repoRoot } from '../../support/paths.js';
import { baseUrl, runReportFixture } from '../../support/run-report-fixture.js';

const subject = { organisation: 'Acme Health', product: 'Acme EPR', version: '4.2', endpoint: baseUrl };
const issued = fixedClock('2025-03-02T09:00:00Z');

describe('gate policies', () => {
  const failing = buildCertificate(
    runReportFixture({ outcomes: { 'nhs-api/headers/x-request-id': 'fail', 'fhir-r4-rest/read/etag': 'fail' } }).report,
    subject,
    'vendor-key',
    issued,
  );

  it('passes a certificate that shows everything the policy asks for, listing each check', () => {
    const clean = buildCertificate(runReportFixture().report, subject, 'assessor-2025', issued, { method: 'independent', issuerName: 'Assurance Ltd' });
    const policy = parseGatePolicy(
      JSON.stringify({ name: 'deal', requiredSuites: ['uk-core'], requiredRequirements: ['PDS-READ-01'], minLevel: 3, acceptedIssuers: ['assessor-2025'] }),
      'deal.json',
    );
    expect(evaluateGate(clean, policy, fixedClock('2025-04-01T00:00:00Z'))).to.deep.equal({
      policy: 'deal',
      passed: true,
      checks: [
        { passed: true, text: 'required suite uk-core was run with no SHALL failure' },
        { passed: true, text: 'required requirement PDS-READ-01 passed' },
        { passed: true, text: 'level 3 (developing); at least 3 required' },
        { passed: true, text: 'issuer Assurance Ltd (key assessor-2025) is an accepted issuer' },
      ],
    });
  });

  it('fails with one reason per unmet check', () => {
    const policy = parseGatePolicy(
      [
        'name: national deal',
        'requiredSuites: [nhs-api, cross-org-referrals]',
        'requiredRequirements: [NHS-API-HDR-01, NOT-THERE-01]',
        'maxShallFailures: 0',
        'maxShouldFailures: 0',
        'minLevel: 3',
        'maxCertificateAgeDays: 30',
        'acceptedMethods: [independent]',
        'acceptedIssuers: [assessor-2025]',
      ].join('\n'),
      'deal.yaml',
    );
    const verdict = evaluateGate(failing, policy, fixedClock('2025-05-01T09:00:00Z'));
    expect(verdict.passed).to.equal(false);
    expect(verdict.checks.filter((c) => !c.passed).map((c) => c.text)).to.deep.equal([
      'required suite nhs-api has failed SHALL requirements: NHS-API-HDR-01',
      'required suite cross-org-referrals was not run',
      'required requirement NHS-API-HDR-01 did not pass (fail)',
      "required requirement NOT-THERE-01 is not in the certificate's scope",
      '1 SHALL failures (at most 0 allowed)',
      '1 SHOULD failures (at most 0 allowed)',
      'level 2 (basic); at least 3 required',
      'issued 60 days ago, on 2025-03-02T09:00:00.000Z (at most 30 days allowed)',
      'method self-assessed (accepted: independent)',
      'issuer Acme Health (key vendor-key) is not an accepted issuer',
    ]);
  });

  it('names an unknown key and suggests the one meant', () => {
    expect(() => parseGatePolicy('name: x\nminLevle: 3\n', 'typo.yaml')).to.throw(
      'gate policy typo.yaml: unknown key "minLevle" at the top level; did you mean "minLevel"?',
    );
  });

  it('names a value out of range', () => {
    expect(() => parseGatePolicy('{"name":"x","minLevel":6}', 'p.json')).to.throw('gate policy p.json: at /minLevel must be <= 5');
  });

  it('says a broken YAML file is not YAML', () => {
    expect(() => parseGatePolicy('name: [unclosed\n', 'p.yaml')).to.throw(/^gate policy p\.yaml is not valid YAML \(/);
  });

  it('ships example policies that are valid', async () => {
    const dir = join(repoRoot, 'policies');
    const files = await readdir(dir);
    expect(files).to.have.length.greaterThanOrEqual(3);
    for (const file of files) {
      const policy = parseGatePolicy(await readFile(join(dir, file), 'utf8'), file);
      expect(policy.name, file).to.be.a('string');
    }
  });
});
