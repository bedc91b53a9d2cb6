import { expect } from 'chai';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runAssay } from '../../../support/assay-binary.js';
import { generateKeys, writeReport } from '../../../support/certificate-files.js';
import { runReportFixture } from '../../../support/run-report-fixture.js';

describe('assay gate', () => {
  let dir: string;
  let jwks: string;
  let certificate: string;

  before(async () => {
    dir = await mkdtemp(join(tmpdir(), 'assay-gate-'));
    const keys = await generateKeys(dir, 'assessor-2025');
    jwks = keys.jwks;
    const report = await writeReport(dir, runReportFixture({ outcomes: { 'fhir-r4-rest/read/etag': 'fail' } }).report);
    certificate = join(dir, 'certificate.jws');
    const issued = await runAssay(['certify', report, '--key', keys.privateKey, '--organisation', 'Acme Health', '--product', 'Acme EPR', '--method', 'independent', '--issuer', 'Assurance Ltd']);
    if (issued.code !== 0) throw new Error(issued.stderr);
  });
  after(() => rm(dir, { recursive: true, force: true }));

  async function policy(name: string, text: string): Promise<string> {
    const file = join(dir, name);
    await writeFile(file, text);
    return file;
  }

  it('exits 0 and lists each check when the certificate passes', async () => {
    const file = await policy('ok.yaml', 'name: trust check\nrequiredSuites: [fhir-r4-rest]\nminLevel: 3\nacceptedIssuers: [assessor-2025]\n');
    const result = await runAssay(['gate', certificate, '--policy', file, '--jwks', jwks]);
    expect(result).to.deep.include({ code: 0, stderr: '' });
    expect(result.stdout).to.equal(
      'gate PASSED: trust check: Acme Health, Acme EPR (version not stated)\n' +
        '  ok   required suite fhir-r4-rest was run with no SHALL failure\n' +
        '  ok   level 3 (developing); at least 3 required\n' +
        '  ok   issuer Assurance Ltd (key assessor-2025) is an accepted issuer\n',
    );
  });

  it('exits 1 and names each reason when it fails', async () => {
    const file = await policy('strict.json', '{"name":"strict","maxShouldFailures":0,"minLevel":4}');
    const result = await runAssay(['gate', certificate, '--policy', file, '--jwks', jwks]);
    expect(result.code).to.equal(1);
    expect(result.stdout).to.equal(
      'gate FAILED: strict: Acme Health, Acme EPR (version not stated)\n' +
        '  FAIL 1 SHOULD failures (at most 0 allowed)\n' +
        '  FAIL level 3 (developing); at least 4 required\n',
    );
  });

  it('fails a certificate that does not verify', async () => {
    const other = await generateKeys(await mkdtemp(join(dir, 'k-')), 'someone');
    const file = await policy('any.yaml', 'name: any\n');
    const result = await runAssay(['gate', certificate, '--policy', file, '--jwks', other.jwks]);
    expect(result.code).to.equal(1);
    expect(result.stdout).to.equal(
      `gate FAILED: any: ${certificate}\n` +
        '  FAIL certificate rejected (unknown-kid): it was signed with key id "assessor-2025", which is not in the JWKS (keys there: someone)\n',
    );
  });

  it('refuses a policy with an unknown key: one line, exit 2', async () => {
    const file = await policy('typo.yaml', 'name: x\nmaxShouldFailure: 3\n');
    const result = await runAssay(['gate', certificate, '--policy', file, '--jwks', jwks]);
    expect(result).to.deep.include({ code: 2, stdout: '' });
    expect(result.stderr).to.equal(
      `assay: gate policy ${file}: unknown key "maxShouldFailure" at the top level; did you mean "maxShouldFailures"?; see reports/schemas/gate-policy.schema.json and the examples in policies/\n`,
    );
  });
});
