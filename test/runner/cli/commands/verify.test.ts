import { expect } from 'chai';
import { readFile, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fixedClock } from '../../../../reports/clock.js';
import { issueCertificate } from '../../../../reports/certificate/issue.js';
import { readSigningKey } from '../../../../reports/certificate/signing-key.js';
import { runAssay } from '../../../support/assay-binary.js';
import { generateKeys, writeReport } from '../../../support/certificate-files.js';
import { baseUrl, runReportFixture } from '../../../support/run-report-fixture.js';

const subject = { organisation: 'Acme Health', product: 'Acme EPR', version: '4.2', endpoint: baseUrl };

describe('assay verify', () => {
  let dir: string;
  let keys: { privateKey: string; jwks: string };
  let reportFile: string;
  let certificate: string;

  before(async () => {
    dir = await mkdtemp(join(tmpdir(), 'assay-verify-'));
    keys = await generateKeys(dir, 'issuer-2025');
    reportFile = await writeReport(dir, runReportFixture().report);
    const { report } = runReportFixture();
    certificate = join(dir, 'certificate.jws');
    const issued = await issueCertificate(report, await readSigningKey(keys.privateKey), subject, fixedClock(new Date()));
    await writeFile(certificate, `${issued.jws}\n`);
  });
  after(() => rm(dir, { recursive: true, force: true }));

  async function rejected(file: string, args: readonly string[], reason: string, message: string): Promise<void> {
    const result = await runAssay(['verify', file, '--jwks', keys.jwks, ...args]);
    expect(result).to.deep.include({ code: 1, stderr: '' });
    expect(result.stdout).to.equal(`certificate REJECTED (${reason}): ${file}: ${message}\n`);
  }

  it('rejects one changed byte, exit 1', async () => {
    const jws = await readFile(certificate, 'utf8');
    const at = jws.indexOf('.') + 40;
    const tampered = join(dir, 'tampered.jws');
    await writeFile(tampered, jws.slice(0, at) + (jws[at] === 'x' ? 'y' : 'x') + jws.slice(at + 1));
    await rejected(tampered, [], 'signature', 'the signature does not match key "issuer-2025": the certificate was altered, or signed by a different key');
  });

  it('rejects a certificate from a key the JWKS does not hold', async () => {
    const other = await generateKeys(await mkdtemp(join(dir, 'other-')), 'other-issuer');
    const foreign = join(dir, 'foreign.jws');
    const issued = await issueCertificate(runReportFixture().report, await readSigningKey(other.privateKey), subject, fixedClock(new Date()));
    await writeFile(foreign, issued.jws);
    await rejected(foreign, [], 'unknown-kid', 'it was signed with key id "other-issuer", which is not in the JWKS (keys there: issuer-2025)');
  });

  it('rejects an expired certificate', async () => {
    const expired = join(dir, 'expired.jws');
    const issued = await issueCertificate(runReportFixture().report, await readSigningKey(keys.privateKey), subject, fixedClock('2020-01-01T00:00:00Z'), {
      validDays: 30,
    });
    await writeFile(expired, issued.jws);
    const result = await runAssay(['verify', expired, '--jwks', keys.jwks]);
    expect(result.code).to.equal(1);
    expect(result.stdout).to.match(/^certificate REJECTED \(expired\): .*: it expired on 2020-01-31T00:00:00.000Z \(\d+ days ago\)\n$/);
  });

  it('rejects a run report that is not the one certified', async () => {
    const other = await writeReport(dir, runReportFixture({ outcomes: { 'pds/retrieve/by-nhs-number': 'fail' } }).report, 'other.json');
    const result = await runAssay(['verify', certificate, '--jwks', keys.jwks, '--report', other]);
    expect(result.code).to.equal(1);
    expect(result.stdout).to.match(/^certificate REJECTED \(report-mismatch\): .*: the run report does not match: its digest is sha256:[0-9a-f]{64}, the certificate was issued for sha256:[0-9a-f]{64}\n$/);
  });

  it('checks the evidence file beside the report, and rejects an altered one', async () => {
    const { evidence } = runReportFixture();
    await writeFile(join(dir, 'evidence.ndjson'), evidence);
    const intact = await runAssay(['verify', certificate, '--jwks', keys.jwks, '--report', reportFile]);
    expect(intact).to.deep.include({ code: 0, stderr: '' });
    expect(intact.stdout).to.contain('  run report matches its digest\n  evidence matches (12 exchanges)\n');
    await writeFile(join(dir, 'evidence.ndjson'), evidence.replace('"status":200', '"status":204'));
    const altered = await runAssay(['verify', certificate, '--jwks', keys.jwks, '--report', reportFile]);
    expect(altered.code).to.equal(1);
    expect(altered.stdout).to.match(
      new RegExp(`^certificate REJECTED \\(evidence-mismatch\\): .*: the evidence file ${join(dir, 'evidence.ndjson')} has sha256:[0-9a-f]{64}, but the certified report names sha256:${runReportFixture().report.evidence.sha256}: the evidence was altered\n$`),
    );
    await rm(join(dir, 'evidence.ndjson'));
  });

  it('fetches the JWKS from a URL', async () => {
    const jwks = await readFile(keys.jwks, 'utf8');
    const server = createServer((_request, response) => response.writeHead(200, { 'content-type': 'application/json' }).end(jwks));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    try {
      const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/jwks.json`;
      const result = await runAssay(['verify', certificate, '--jwks', url, '--report', reportFile, '--format', 'json']);
      expect(result).to.deep.include({ code: 0, stderr: '' });
      expect(JSON.parse(result.stdout)).to.deep.include({ valid: true });
    } finally {
      server.close();
    }
  });

  it('says an unreachable JWKS URL is unreachable, exit 3', async () => {
    const closed = createServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    const port = (closed.address() as AddressInfo).port;
    await new Promise((resolve) => closed.close(resolve));
    const url = `http://127.0.0.1:${port}/jwks.json`;
    const result = await runAssay(['verify', certificate, '--jwks', url]);
    expect(result.code).to.equal(3);
    expect(result.stderr).to.equal(
      `assay: cannot fetch JWKS ${url} (connect ECONNREFUSED 127.0.0.1:${port}); check the URL, or pass a local copy with --jwks FILE\n`,
    );
  });

  it('needs --jwks, exit 2', async () => {
    const result = await runAssay(['verify', certificate]);
    expect(result).to.deep.include({
      code: 2,
      stderr: 'assay: "assay verify" needs the issuer\'s public keys; pass --jwks FILE|URL (the issuer.jwks.json the issuer publishes)\n',
    });
  });

  it('refuses a JWKS holding a private key, without printing it', async () => {
    const leaked = join(dir, 'leaked.json');
    const privateJwk = await readFile(keys.privateKey, 'utf8');
    await writeFile(leaked, `{"keys":[${privateJwk}]}`);
    const result = await runAssay(['verify', certificate, '--jwks', leaked]);
    expect(result.code).to.equal(2);
    expect(result.stderr).to.equal(
      `assay: JWKS ${leaked} contains private key material ("d"); publish and pass only public keys (issuer.jwks.json), and treat that private key as exposed\n`,
    );
    expect(result.stderr).not.to.contain((JSON.parse(privateJwk) as { d: string }).d);
  });
});
