import { expect } from 'chai';
import { spawn } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { RunReport } from '../../../../reports/model.js';
import { runAssay } from '../../../support/assay-binary.js';
import type { FhirServer } from '../../../support/fhir-server.js';
import { startFhirServer } from '../../../support/fhir-server.js';
import { bodyOf, tlsFixture } from '../../../support/loopback-server.js';
import { repoRoot } from '../../../support/paths.js';

const probeSuite = join(repoRoot, 'test', 'fixtures', 'suites', 'probe', 'index.ts');
const keyFile = join(repoRoot, 'test', 'fixtures', 'tls', 'jwt-key.pem');

/** Canary secrets: if any of these shows up anywhere Assay writes, a secret leaked. */
const canaryToken = 'canary-token-7f3a9c51e2';
const canarySecret = 'canary-secret-2b8e1d94aa';
const canaryAccessToken = 'canary-access-5d2f0a77c1';

describe('assay run against a hostile endpoint', () => {
  let dir: string;
  let server: FhirServer;
  before(async () => {
    server = await startFhirServer({
      extra: (request, response) => {
        if (request.url === '/token') {
          void bodyOf(request).then(() => {
            response.setHeader('content-type', 'application/json');
            response.end(JSON.stringify({ access_token: canaryAccessToken, expires_in: '599', token_type: 'Bearer' }));
          });
          return true;
        }
        if (request.url?.startsWith('/fhir/echo') === true) {
          // Reflects every credential back, in the body, a header and a cookie.
          response.setHeader('content-type', 'application/json');
          response.setHeader('set-cookie', `session=${request.headers.authorization ?? ''}`);
          response.setHeader('x-echo', request.headers.authorization ?? '');
          response.end(JSON.stringify({ url: request.url, authorization: request.headers.authorization }));
          return true;
        }
        if (request.url === '/fhir/hang') return true;
        return false;
      },
    });
  });
  after(() => server.close());
  beforeEach(() => (dir = mkdtempSync(join(tmpdir(), 'assay-hostile-'))));
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  function config(auth: Record<string, unknown>): void {
    writeFileSync(
      join(dir, 'assay.config.json'),
      JSON.stringify({ suiteModules: [probeSuite], targets: { hostile: { baseUrl: server.base, auth } } }),
    );
  }

  it('writes an incomplete report when interrupted with Ctrl-C (SIGINT to the real binary)', async () => {
    config({ type: 'none' });
    const child = spawn(process.execPath, [join(repoRoot, 'bin', 'assay.js'), 'run', '--target', 'hostile', '--suite', 'probe', '--test', 'probe/slow'], {
      cwd: dir,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
    const code = await new Promise<number | null>((resolve) => {
      child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
        stdout += chunk;
        // The quick test has finished and the hanging one is waiting: interrupt now.
        if (stdout.includes('probe/slow/quick') && !child.killed) setTimeout(() => child.kill('SIGINT'), 200);
      });
      child.on('close', resolve);
    });
    expect(code).to.equal(130);
    expect(stderr).to.equal('assay: interrupted; finishing the report of the tests that ran (Ctrl-C again to quit now)\n');
    expect(stdout).to.contain('INCOMPLETE: the run was interrupted; the report holds only the tests that finished\n');
    const report = JSON.parse(readFileSync(join(dir, 'assay-report', 'report.json'), 'utf8')) as RunReport;
    expect(report.complete).to.equal(false);
    expect(report.tests.map((test) => [test.id, test.outcome, test.message])).to.deep.equal([
      ['probe/slow/hang', 'error', 'the run was interrupted (Ctrl-C) before the test finished'],
      ['probe/slow/quick', 'pass', undefined],
    ]);
  });

  describe('a canary secret appears in no file under --out and in no console output', () => {
    const pemLines = tlsFixture('jwt-key.pem')
      .split('\n')
      .filter((line) => line.length >= 16 && !line.startsWith('-----'));

    async function runAndCollect(env: Record<string, string>): Promise<string> {
      const result = await runAssay(['run', '--target', 'hostile', '--suite', 'probe', '--test', 'probe/echo'], { cwd: dir, env });
      expect(result.code, result.stderr).to.equal(1);
      const files = readdirSync(join(dir, 'assay-report')).map((name) => readFileSync(join(dir, 'assay-report', name), 'utf8'));
      expect(files.join('')).to.contain('"outcome":"fail"');
      return [result.stdout, result.stderr, ...files].join('\n');
    }

    function expectNoLeak(everything: string, secrets: readonly string[]): void {
      for (const secret of secrets) {
        for (const form of [secret, encodeURIComponent(secret), Buffer.from(secret).toString('base64')]) {
          expect(everything.includes(form), `leaked ${form.slice(0, 12)}...`).to.equal(false);
        }
      }
      expect(everything).to.contain('[REDACTED]');
    }

    it('configured as a bearer token', async () => {
      config({ type: 'bearer', token: { env: 'CANARY_TOKEN' } });
      const everything = await runAndCollect({ CANARY_TOKEN: canaryToken });
      expectNoLeak(everything, [canaryToken, 'from-url']);
    });

    it('configured as an OAuth2 client secret', async () => {
      config({ type: 'client-credentials', tokenUrl: `${server.origin}/token`, clientId: 'assay-tests', clientSecret: { env: 'CANARY_SECRET' } });
      const everything = await runAndCollect({ CANARY_SECRET: canarySecret });
      expectNoLeak(everything, [canarySecret, canaryAccessToken]);
    });

    it('configured as a private key for a signed-JWT client assertion', async () => {
      config({ type: 'signed-jwt', tokenUrl: `${server.origin}/token`, clientId: 'assay-tests', kid: 'k1', privateKey: { file: keyFile } });
      const everything = await runAndCollect({});
      expectNoLeak(everything, [...pemLines, canaryAccessToken]);
      expect(everything).to.contain('client_assertion=[REDACTED]');
    });
  });
});
