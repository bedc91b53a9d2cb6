import type { AddressInfo } from 'node:net';
import type { Server, TlsOptions } from 'node:tls';
import { createServer } from 'node:tls';
import { expect } from 'chai';
import { probeTls } from '../../../suites/security/tls-probe.js';
import { tlsFixture } from '../../support/loopback-server.js';

async function tlsServer(options: TlsOptions): Promise<{ url: URL; server: Server }> {
  const server = createServer({ cert: tlsFixture('server.pem'), key: tlsFixture('server-key.pem'), ...options }, (socket) => socket.end());
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { url: new URL(`https://127.0.0.1:${(server.address() as AddressInfo).port}/fhir/`), server };
}

const options = { timeoutMs: 5000, signal: new AbortController().signal };

describe('a TLS handshake probe', () => {
  let modern: { url: URL; server: Server };
  let legacy: { url: URL; server: Server };

  before(async () => {
    modern = await tlsServer({});
    // A server still accepting TLS 1.0 and 1.1, as an old configuration would.
    legacy = await tlsServer({ minVersion: 'TLSv1', ciphers: 'DEFAULT:@SECLEVEL=0' });
  });
  after(() => {
    modern.server.close();
    legacy.server.close();
  });

  it('reports the protocol and certificate of a modern handshake', async () => {
    const result = await probeTls(modern.url, options);
    if (result.kind !== 'accepted') throw new Error(`expected a handshake, got ${result.kind}`);
    expect(result.protocol).to.equal('TLSv1.3');
    expect(result.certificate.subject.CN).to.equal('localhost');
  });

  it('sees a server refuse a handshake offering only TLS 1.1 or 1.0', async () => {
    expect(await probeTls(modern.url, { ...options, minVersion: 'TLSv1.1', maxVersion: 'TLSv1.1' })).to.deep.equal({
      kind: 'refused',
      code: 'ERR_SSL_TLSV1_ALERT_PROTOCOL_VERSION',
    });
    expect((await probeTls(modern.url, { ...options, minVersion: 'TLSv1', maxVersion: 'TLSv1' })).kind).to.equal('refused');
  });

  it('sees a server accept TLS 1.1 when it still does', async () => {
    const result = await probeTls(legacy.url, { ...options, minVersion: 'TLSv1.1', maxVersion: 'TLSv1.1' });
    expect(result.kind === 'accepted' ? result.protocol : result.kind).to.equal('TLSv1.1');
  });

  it('tells an unreachable host from a refusal', async () => {
    const closed = await tlsServer({});
    closed.server.close();
    expect(await probeTls(closed.url, options)).to.deep.equal({ kind: 'unreachable', code: 'ECONNREFUSED' });
  });
});
