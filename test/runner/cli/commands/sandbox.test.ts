import { expect } from 'chai';
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

  it('prints its base URL, serves until Ctrl-C, then stops cleanly with exit 0', async () => {
    const child = spawn(process.execPath, [join(repoRoot, 'bin', 'assay.js'), 'sandbox', '--defect', 'no-etag', '--auth'], {
      cwd: repoRoot,
      env: { ...process.env, ...env, ASSAY_SANDBOX_CLIENT_SECRET: 'cli-test-secret' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
    const exited = new Promise<number | null>((resolve) => child.on('close', resolve));
    const baseUrl = await new Promise<string>((resolve, reject) => {
      child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
        stdout += chunk;
        const match = /^Assay sandbox: UK Core FHIR R4 at (\S+)$/m.exec(stdout);
        if (match?.[1] !== undefined && stdout.includes('stop with Ctrl-C')) resolve(match[1]);
      });
      child.on('close', () => reject(new Error(`the sandbox exited early: ${stderr}`)));
    });
    expect(stdout).to.contain('  defects: no-etag\n');
    expect(stdout).to.contain(`  auth: bearer tokens from ${new URL(baseUrl).origin}/oauth2/token for client assay-sandbox\n`);
    expect(stdout).to.not.contain('cli-test-secret');

    const token = (await (
      await fetch(`${new URL(baseUrl).origin}/oauth2/token`, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: 'grant_type=client_credentials&client_id=assay-sandbox&client_secret=cli-test-secret',
      })
    ).json()) as { access_token: string };
    const read = await fetch(`${baseUrl}/Patient/UKCore-Patient-RichardSmith-Example`, {
      headers: { authorization: `Bearer ${token.access_token}`, 'x-request-id': randomUUID() },
    });
    expect(read.status).to.equal(200);
    expect(read.headers.get('etag')).to.equal(null);

    child.kill('SIGINT');
    expect(await exited).to.equal(0);
    expect(stdout).to.match(/Assay sandbox stopped\n$/);
  });
});
