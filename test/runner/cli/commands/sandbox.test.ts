import { expect } from 'chai';
import type { ChildProcess } from 'node:child_process';
import { spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { defectCatalogue } from '../../../../sandbox/index.js';
import { runAssay } from '../../../support/assay-binary.js';
import { repoRoot, sharedPackageCache } from '../../../support/paths.js';

const env = { ASSAY_PACKAGE_CACHE: sharedPackageCache };

describe('assay sandbox', () => {
  it('--list-defects lists each defect with the suite and requirement it breaks', async () => {
    const result = await runAssay(['sandbox', '--list-defects']);
    expect(result).to.deep.include({ code: 0, stderr: '' });
    const lines = result.stdout.trimEnd().split('\n');
    expect(lines).to.have.length(defectCatalogue.length);
    for (const defect of defectCatalogue) {
      expect(lines).to.include(`${defect.id.padEnd(Math.max(...defectCatalogue.map((d) => d.id.length)))}  ${defect.breaks[0]} ${defect.breaks[1]}: ${defect.description}`);
    }
  });

  it('refuses an unknown defect with one line listing the valid ones, exit 2', async () => {
    const result = await runAssay(['sandbox', '--defect', 'no-etag,no-etags'], { env });
    expect(result.code).to.equal(2);
    expect(result.stderr).to.equal(`assay: unknown sandbox defect "no-etags"; valid defects: ${defectCatalogue.map((d) => d.id).join(', ')} (see "assay sandbox --list-defects")\n`);
  });

  it('refuses a port that is not one, exit 2', async () => {
    const result = await runAssay(['sandbox', '--port', '99999'], { env });
    expect(result).to.deep.include({ code: 2, stderr: 'assay: --port 99999 is not a port number; give 0 to 65535, or leave it out for a free port\n' });
  });

  it('refuses --auth without a way to authenticate, and --jwks without --auth', async () => {
    const noSecret = await runAssay(['sandbox', '--auth'], { env: { ...env, ASSAY_SANDBOX_CLIENT_SECRET: '' } });
    expect(noSecret.code).to.equal(2);
    expect(noSecret.stderr).to.equal(
      "assay: --auth needs a way for the client to authenticate; set ASSAY_SANDBOX_CLIENT_SECRET to a client secret, or give --jwks FILE with the client's public keys\n",
    );
    const jwks = await runAssay(['sandbox', '--jwks', 'keys.json'], { env });
    expect(jwks).to.deep.include({ code: 2, stderr: 'assay: --jwks and --client-id only apply with --auth; add --auth\n' });
  });

  it('says which port is taken, exit 2', async () => {
    const blocker = createServer();
    await new Promise<void>((resolve) => blocker.listen(0, '127.0.0.1', resolve));
    const address = blocker.address();
    const port = typeof address === 'object' && address !== null ? address.port : 0;
    try {
      const result = await runAssay(['sandbox', '--port', String(port)], { env });
      expect(result.code).to.equal(2);
      expect(result.stderr).to.equal(`assay: port ${port} is already in use on 127.0.0.1; choose another with --port, or leave it out for a free one\n`);
    } finally {
      blocker.close();
    }
  });

  describe('running (the real binary, with a defect and auth)', () => {
    let child: ChildProcess;
    let exited: Promise<number | null>;
    let stdout = '';
    let stderr = '';
    let baseUrl: string;
    let token: string;
    const request = (path: string, init: { method?: string; body?: unknown } = {}) =>
      fetch(`${baseUrl}/${path}`, {
        method: init.method ?? 'GET',
        headers: { authorization: `Bearer ${token}`, 'x-request-id': randomUUID(), 'content-type': 'application/fhir+json' },
        ...(init.body === undefined ? {} : { body: JSON.stringify(init.body) }),
      });

    before(async () => {
      child = spawn(process.execPath, [join(repoRoot, 'bin', 'assay.js'), 'sandbox', '--defect', 'no-etag', '--auth'], {
        cwd: repoRoot,
        // compiled packages go to the checkout's (git-ignored) .assay-cache, as runAssay does
        env: { ASSAY_COMPILED_CACHE: join(repoRoot, '.assay-cache', 'compiled'), ...process.env, ...env, ASSAY_SANDBOX_CLIENT_SECRET: 'cli-test-secret' },
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      child.stderr?.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
      exited = new Promise<number | null>((resolve) => child.on('close', resolve));
      baseUrl = await new Promise<string>((resolve, reject) => {
        child.stdout?.setEncoding('utf8').on('data', (chunk: string) => {
          stdout += chunk;
          const match = /^Assay sandbox: UK Core FHIR R4 at (\S+)$/m.exec(stdout);
          if (match?.[1] !== undefined && stdout.includes('stop with Ctrl-C')) resolve(match[1]);
        });
        child.on('close', () => reject(new Error(`the sandbox exited early: ${stderr}`)));
      });
      const answer = await fetch(`${new URL(baseUrl).origin}/oauth2/token`, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: 'grant_type=client_credentials&client_id=assay-sandbox&client_secret=cli-test-secret',
      });
      token = ((await answer.json()) as { access_token: string }).access_token;
    });
    after(() => {
      if (child.exitCode === null) child.kill('SIGTERM');
    });

    it('prints its base URL, defects and token endpoint, never the secret, and warns of nothing', () => {
      expect(stdout).to.contain('  defects: no-etag\n');
      expect(stdout).to.contain(`  auth: bearer tokens from ${new URL(baseUrl).origin}/oauth2/token for client assay-sandbox\n`);
      expect(stdout).to.not.contain('cli-test-secret');
      expect(stderr).to.equal('');
    });

    it('serves the seed with its defect on', async () => {
      const read = await request('Patient/UKCore-Patient-RichardSmith-Example');
      expect(read.status).to.equal(200);
      expect(read.headers.get('etag')).to.equal(null);
    });

    it('refuses a write invalid against its UK Core profile with 422 and the validator\'s findings, and stores a valid one', async () => {
      const nhs = 'https://fhir.nhs.uk/Id/nhs-number';
      const invalid = await request('Patient', { method: 'POST', body: { resourceType: 'Patient', identifier: [{ system: nhs, value: '9000000009' }, { system: nhs, value: '9000000017' }] } });
      expect(invalid.status).to.equal(422);
      const outcome = (await invalid.json()) as { issue: { severity: string; details?: { text?: string }; expression?: string[] }[] };
      expect(outcome.issue.map((i) => [i.severity, i.details?.text, i.expression])).to.deep.equal([
        ['error', 'Patient is not valid against https://fhir.hl7.org.uk/StructureDefinition/UKCore-Patient: 1 error(s)', undefined],
        ['error', 'Patient.identifier:nhsNumber: max allowed = 1, but found 2 (from https://fhir.hl7.org.uk/StructureDefinition/UKCore-Patient|2.5.0)', ['Patient']],
      ]);
      const valid = await request('Patient', { method: 'POST', body: { resourceType: 'Patient', identifier: [{ system: nhs, value: '9000000009' }] } });
      expect(valid.status).to.equal(201);
    });

    it('stops cleanly on Ctrl-C with exit 0', async () => {
      child.kill('SIGINT');
      expect(await exited).to.equal(0);
      expect(stdout).to.match(/Assay sandbox stopped\n$/);
    });
  });
});
