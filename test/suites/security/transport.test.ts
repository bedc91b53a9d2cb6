import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Server } from 'node:https';
import { createServer } from 'node:https';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { SecureVersion } from 'node:tls';
import { expect } from 'chai';
import type { ProfileSet } from '../../../profiles/index.js';
import security from '../../../suites/security/index.js';
import { nationalProfiles, startSuiteSandbox } from '../national-run.js';
import { notPassing, runSuite } from '../run-suite.js';
import type { SuiteSandbox } from '../national-run.js';

/**
 * The HTTPS checks of the security suite against loopback HTTPS servers in front of the sandbox, each
 * with a self-signed certificate made here with openssl and trusted through the run's custom CA (tls.ca).
 */
interface Certificate {
  readonly cert: string;
  readonly key: string;
}

function selfSigned(folder: string, name: string, days: number): Certificate {
  const cert = join(folder, `${name}.pem`);
  const key = join(folder, `${name}-key.pem`);
  execFileSync('openssl', [
    'req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes',
    '-keyout', key, '-out', cert, '-days', String(days), '-subj', '/CN=localhost',
    '-addext', 'subjectAltName=DNS:localhost,IP:127.0.0.1',
  ], { stdio: 'ignore' });
  return { cert, key };
}

interface Front {
  readonly baseUrl: string;
  readonly server: Server;
}

/** An HTTPS server passing GETs through to the sandbox, as a TLS-terminating proxy would. */
async function httpsFront(sandbox: SuiteSandbox, certificate: Certificate, options: { hsts?: string; minVersion?: SecureVersion } = {}): Promise<Front> {
  const server = createServer(
    {
      cert: readFileSync(certificate.cert),
      key: readFileSync(certificate.key),
      ...(options.minVersion === undefined ? {} : { minVersion: options.minVersion, ciphers: 'DEFAULT:@SECLEVEL=0' }),
    },
    (request: IncomingMessage, response: ServerResponse) => {
      const headers = Object.fromEntries(Object.entries(request.headers).filter((e): e is [string, string] => typeof e[1] === 'string' && e[0] !== 'host'));
      void fetch(`${sandbox.baseUrl}${(request.url ?? '').replace(/^\/fhir/, '')}`, { headers }).then(async (answer) => {
        response.writeHead(answer.status, {
          'content-type': answer.headers.get('content-type') ?? 'application/octet-stream',
          ...(options.hsts === undefined ? {} : { 'strict-transport-security': options.hsts }),
        });
        response.end(Buffer.from(await answer.arrayBuffer()));
      });
    },
  );
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { baseUrl: `https://localhost:${(server.address() as AddressInfo).port}/fhir`, server };
}

describe('security: transport checks of an HTTPS target', function () {
  this.timeout(60_000);
  let folder: string;
  let profiles: ProfileSet;
  let sandbox: SuiteSandbox;
  let good: Certificate;
  let expiring: Certificate;
  const fronts: Server[] = [];

  before(async () => {
    folder = mkdtempSync(join(tmpdir(), 'assay-tls-'));
    good = selfSigned(folder, 'good', 397);
    expiring = selfSigned(folder, 'expiring', 5);
    ({ profiles } = await nationalProfiles());
    sandbox = await startSuiteSandbox(profiles);
  });
  after(async () => {
    for (const server of fronts) server.close();
    await sandbox.close();
    rmSync(folder, { recursive: true, force: true });
  });

  async function transportResults(certificate: Certificate, options: Parameters<typeof httpsFront>[2]) {
    const front = await httpsFront(sandbox, certificate, options);
    fronts.push(front.server);
    const results = await runSuite(security, { baseUrl: front.baseUrl, profiles, ca: [certificate.cert], tests: ['security/transport/*'] });
    return Object.fromEntries(results.map((r) => [r.id.replace('security/transport/', ''), r.outcome === 'pass' ? 'pass' : `${r.outcome}: ${r.message ?? ''}`]));
  }

  const hsts = 'max-age=31536000; includeSubDomains';

  it('passes a TLS 1.2+ server with a trusted certificate, a year of validity and HSTS', async () => {
    expect(await transportResults(good, { hsts })).to.deep.equal({ 'tls-version': 'pass', certificate: 'pass', 'certificate-expiry': 'pass', hsts: 'pass' });
  });

  it('fails only certificate-expiry for a certificate with 5 days left', async () => {
    const results = await transportResults(expiring, { hsts });
    expect(results['certificate-expiry']).to.match(/^fail: the certificate expires on .+, [45] days from now \(fewer than 30\)$/);
    expect({ ...results, 'certificate-expiry': 'pass' }).to.deep.equal({ 'tls-version': 'pass', certificate: 'pass', 'certificate-expiry': 'pass', hsts: 'pass' });
  });

  it('fails only hsts without Strict-Transport-Security, or with a short max-age', async () => {
    expect(await transportResults(good, {})).to.deep.equal({
      'tls-version': 'pass',
      certificate: 'pass',
      'certificate-expiry': 'pass',
      hsts: 'fail: header strict-transport-security: expected it in the response, it is missing [security/transport/hsts#1]',
    });
    expect((await transportResults(good, { hsts: 'max-age=86400' })).hsts).to.equal(
      'fail: Strict-Transport-Security "max-age=86400" has a max-age under one year (31536000)',
    );
  });

  it('fails only tls-version for a server that still accepts TLS 1.0 and 1.1', async () => {
    expect(await transportResults(good, { hsts, minVersion: 'TLSv1' })).to.deep.equal({
      'tls-version': 'fail: the server accepted a handshake offering only TLSv1; the server accepted a handshake offering only TLSv1.1',
      certificate: 'pass',
      'certificate-expiry': 'pass',
      hsts: 'pass',
    });
  });

  it('omits the transport checks, saying why, for a plain HTTP target', async () => {
    const results = await runSuite(security, { baseUrl: sandbox.baseUrl, profiles, tests: ['security/transport/*'] });
    expect(notPassing(results, ['omit'])).to.have.length(4);
  });
});
