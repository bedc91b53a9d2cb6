import { expect } from 'chai';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { RunReport } from '../../../../reports/model.js';
import { defectCatalogue } from '../../../../sandbox/index.js';
import type { AssayResult } from '../../../support/assay-binary.js';
import { runAssay } from '../../../support/assay-binary.js';
import { sharedPackageCache } from '../../../support/paths.js';

/**
 * `assay demo`, as a newcomer runs it: the sandbox on loopback, the national suites run through the same
 * path as `assay run` (validation included), every output written, a certificate that verifies offline.
 */
describe('assay demo', function () {
  this.timeout(180_000);
  let dir: string;
  let clean: AssayResult;
  let report: RunReport;

  before(async () => {
    dir = mkdtempSync(join(tmpdir(), 'assay-demo-'));
    clean = await runAssay(['demo', '--out', 'out'], { cwd: dir, env: { ASSAY_PACKAGE_CACHE: sharedPackageCache } });
    report = JSON.parse(readFileSync(join(dir, 'out', 'report.json'), 'utf8')) as RunReport;
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  it('passes every required test of the national suites against the clean sandbox', () => {
    expect(clean.stderr).to.equal('');
    expect(clean.code).to.equal(0);
    expect(report.suites.map((suite) => suite.id)).to.deep.equal(['fhir-r4-rest', 'uk-core', 'nhs-api', 'security']);
    expect(report.summary).to.include({ fail: 0, error: 0, shallFailures: 0, shouldFailures: 0 });
    for (const result of report.tests.filter((test) => test.outcome === 'skip' || test.outcome === 'omit')) {
      expect(result.message, `${result.id} gives no reason`).to.be.a('string').and.not.equal('');
    }
    expect(clean.stdout).to.match(/^\d+ tests: \d+ passed, 0 failed, 0 errors, 0 skipped, \d+ omitted; 0 SHALL failures, 0 SHOULD; /m);
  });

  it('gives the security suite the refusal tokens only the issuer can mint, since the demo runs it', () => {
    for (const id of ['security/auth/expired-token', 'security/auth/wrong-audience']) {
      expect(report.tests.find((test) => test.id === id)?.outcome, id).to.equal('pass');
    }
    expect(report.tests.filter((test) => test.outcome === 'omit' && test.suite === 'security').map((test) => test.message)).to.deep.equal(
      Array<string>(4).fill('the target is plain HTTP: transport security checks apply to HTTPS targets'),
    );
  });

  it('validates with the loaded packages and names them with their hashes in the report', () => {
    expect(report.packages.map((pkg) => `${pkg.id}#${pkg.version}`).sort()).to.deep.equal(['fhir.r4.ukcore.stu2#2.0.2', 'hl7.fhir.r4.core#4.0.1']);
    for (const pkg of report.packages) expect(pkg.sha256).to.match(/^[0-9a-f]{64}$/);
    expect(report.validator.terminology).to.equal('local');
    expect(report.tests.find((test) => test.id === 'uk-core/ukcore-patient/valid')?.outcome).to.equal('pass');
  });

  it('writes the report, its views and a certificate, and says how to verify it', () => {
    expect(readdirSync(join(dir, 'out')).sort()).to.deep.equal([
      'certificate.html',
      'certificate.jws',
      'demo-issuer.jwks.json',
      'evidence.ndjson',
      'junit.xml',
      'report.html',
      'report.json',
      'testreport',
    ]);
    expect(clean.stdout).to.match(/^Demo certificate: level 3 \(developing\), verification code [0-9A-Z]{4}-[0-9A-Z]{4}-[0-9A-Z]{4}-[0-9A-Z]{4}$/m);
    expect(clean.stdout).to.contain(`  assay verify ${join('out', 'certificate.jws')} --jwks ${join('out', 'demo-issuer.jwks.json')} --report ${join('out', 'report.json')}\n`);
  });

  it('issues a certificate that verifies offline against the run report, with no private key written', async () => {
    const verify = await runAssay(['verify', 'out/certificate.jws', '--jwks', 'out/demo-issuer.jwks.json', '--report', 'out/report.json'], { cwd: dir });
    expect(verify.code, verify.stderr).to.equal(0);
    expect(verify.stdout).to.contain('run report matches its digest');
    const jwks = JSON.parse(readFileSync(join(dir, 'out', 'demo-issuer.jwks.json'), 'utf8')) as { keys: Record<string, unknown>[] };
    expect(jwks.keys).to.have.length(1);
    expect(jwks.keys[0]).not.to.have.property('d');
  });

  it("keeps the sandbox client's secret and tokens out of the evidence", () => {
    const evidence = readFileSync(join(dir, 'out', 'evidence.ndjson'), 'utf8');
    const tokenExchange = JSON.parse(evidence.split('\n')[0] ?? '') as { request: { url: string; headers: Record<string, string> }; response: { body: string } };
    expect(tokenExchange.request.url).to.match(/\/oauth2\/token$/);
    expect(tokenExchange.request.headers.authorization).to.equal('Basic [REDACTED]');
    expect(tokenExchange.response.body).to.contain('"access_token":"[REDACTED]"');
    expect(evidence).not.to.match(/Bearer (?!\[REDACTED\])[A-Za-z0-9_-]{20,}/);
  });

  it('fails the requirement a sandbox defect breaks and exits 1', async () => {
    const result = await runAssay(['demo', '--out', 'defect', '--defect', 'location-without-history'], { cwd: dir, env: { ASSAY_PACKAGE_CACHE: sharedPackageCache } });
    expect(result.code).to.equal(1);
    const withDefect = JSON.parse(readFileSync(join(dir, 'defect', 'report.json'), 'utf8')) as RunReport;
    const failed = withDefect.tests.filter((test) => test.outcome === 'fail' || test.outcome === 'error');
    const defect = defectCatalogue.find((entry) => entry.id === 'location-without-history');
    expect(failed.map((test) => test.id)).to.deep.equal(['fhir-r4-rest/write/create']);
    expect(failed[0]?.verifies).to.include(defect?.breaks[1]);
    expect(failed[0]?.message).to.match(/_history/);
  });

  it('refuses an unknown defect with the list of valid ones, before starting anything', async () => {
    const result = await runAssay(['demo', '--out', 'never', '--defect', 'no-etagg'], { cwd: dir });
    expect(result.code).to.equal(2);
    expect(result.stderr).to.match(/^assay: unknown sandbox defect "no-etagg"; valid defects: .*\bno-etag\b/);
    expect(readdirSync(dir)).not.to.include('never');
  });
});
