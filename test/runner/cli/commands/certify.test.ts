import { expect } from 'chai';
import { generateKeyPairSync } from 'node:crypto';
import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runAssay } from '../../../support/assay-binary.js';
import { generateKeys, writeReport } from '../../../support/certificate-files.js';
import { runReportFixture } from '../../../support/run-report-fixture.js';

const subject = ['--organisation', 'Acme Health', '--product', 'Acme EPR', '--product-version', '4.2'];

describe('assay certify', () => {
  let dir: string;
  let keys: { privateKey: string; jwks: string };
  let reportFile: string;

  before(async () => {
    dir = await mkdtemp(join(tmpdir(), 'assay-certify-'));
    keys = await generateKeys(dir);
    reportFile = await writeReport(dir, runReportFixture().report);
  });
  after(() => rm(dir, { recursive: true, force: true }));

  it('writes the certificate and its printable page beside the report, then verify accepts it with the same code', async () => {
    const result = await runAssay(['certify', reportFile, '--key', keys.privateKey, ...subject]);
    expect(result.stderr).to.equal('');
    expect(result.code).to.equal(0);
    const code = /verification code (\S+)/.exec(result.stdout)?.[1];
    expect(result.stdout).to.match(new RegExp(`^certificate ${join(dir, 'certificate.jws')}\n  printable: ${join(dir, 'certificate.html')}\n`));
    expect(result.stdout).to.contain('  Acme Health, Acme EPR 4.2 at https://fhir.example-supplier.test/R4\n');
    expect(result.stdout).to.contain('  level 3 (developing); 12 tests, 0 SHALL failures, 0 SHOULD failures\n');
    const privateJwk = JSON.parse(await readFile(keys.privateKey, 'utf8')) as { d: string };
    const jws = await readFile(join(dir, 'certificate.jws'), 'utf8');
    for (const output of [result.stdout, jws, await readFile(join(dir, 'certificate.html'), 'utf8')]) {
      expect(output).not.to.contain(privateJwk.d);
    }
    expect(await readFile(join(dir, 'certificate.html'), 'utf8')).to.contain(`<p class="code" id="verification-code">${code}</p>`);

    const verified = await runAssay(['verify', join(dir, 'certificate.jws'), '--jwks', keys.jwks, '--report', reportFile]);
    expect(verified).to.deep.include({ code: 0, stderr: '' });
    expect(verified.stdout).to.match(new RegExp(`^certificate VALID: .*\n  verification code ${code}\n`));
    expect(verified.stdout).to.contain('  run report matches its digest\n');
  });

  describe('bad input: one clear message, exit 2, nothing written', () => {
    async function expectRefusal(args: readonly string[], message: string): Promise<void> {
      const out = await mkdtemp(join(dir, 'out-'));
      const result = await runAssay(['certify', ...args, '--out', join(out, 'c.jws')]);
      expect(result).to.deep.include({ code: 2, stdout: '' });
      expect(result.stderr).to.equal(`assay: ${message}\n`);
      expect(await readdir(out)).to.deep.equal([]);
    }

    it('a truncated report', async () => {
      const text = await readFile(reportFile, 'utf8');
      const cut = join(dir, 'cut.json');
      await writeFile(cut, text.slice(0, 900));
      await expectRefusal(
        [cut, '--key', keys.privateKey, ...subject],
        `run report ${cut} is truncated (its JSON stops unfinished after 900 characters); re-run "assay run" to write it again, or point at the report.json it wrote`,
      );
    });

    it('a key of the wrong type (RSA)', async () => {
      const rsa = join(dir, 'rsa.jwk');
      await writeFile(rsa, JSON.stringify(generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey.export({ format: 'jwk' })));
      await expectRefusal(
        [reportFile, '--key', rsa, ...subject],
        `signing key ${rsa} is a wrong key type (RSA); certificates are signed with an Ed25519 or P-256 private JWK; make one with "assay keys generate"`,
      );
    });

    it('the public key set instead of the private key', async () => {
      await expectRefusal(
        [reportFile, '--key', keys.jwks, ...subject],
        `signing key ${keys.jwks} is a key set (JWKS) of public keys, not a private key; pass the issuer.private.jwk written beside it by "assay keys generate"`,
      );
    });

    it('no subject organisation', async () => {
      await expectRefusal(
        [reportFile, '--key', keys.privateKey, '--product', 'Acme EPR'],
        '"assay certify" needs --organisation NAME: the organisation the certificate is about; see "assay certify --help"',
      );
    });

    it('an --out that would overwrite the report', async () => {
      const before = await readFile(reportFile, 'utf8');
      const result = await runAssay(['certify', reportFile, '--key', keys.privateKey, ...subject, '--out', reportFile]);
      expect(result).to.deep.include({ code: 2, stderr: `assay: --out ${reportFile} would overwrite the run report; choose another file, e.g. certificate.jws\n` });
      expect(await readFile(reportFile, 'utf8')).to.equal(before);
    });

    it('an incomplete run', async () => {
      const partial = await writeReport(dir, runReportFixture({ complete: false }).report, 'partial.json');
      await expectRefusal(
        [partial, '--key', keys.privateKey, ...subject],
        'run run-2025-03-01-0001 is incomplete (it was interrupted), so it cannot be certified; run the suites to the end and certify that report',
      );
    });
  });
});
