import { expect } from 'chai';
import type { TLSSocket } from 'node:tls';
import { canonicalJson } from '../../../reports/canonical-json.js';
import { TransportError } from '../../../runner/transport/transport-error.js';
import type { Loopback } from '../../support/loopback-server.js';
import { startLoopback, tlsFixture } from '../../support/loopback-server.js';
import { harness } from './harness.js';

describe('the transport over TLS', () => {
  let server: Loopback;
  afterEach(() => server.close());

  it('trusts a custom CA and records protocol, cipher and the certificate chain', async () => {
    server = await startLoopback((_request, response) => response.end('{}'), { https: true });
    const { http, sink, transport } = harness(server.origin, { tls: { ca: [tlsFixture('ca.pem')] } });
    await http.get('metadata');
    await transport.close();
    const tls = sink.exchanges[0]?.tls;
    expect(tls?.protocol).to.match(/^TLSv1\.[23]$/);
    expect(tls?.cipher).to.be.a('string').and.not.equal('');
    expect(tls?.certificates[0]).to.deep.include({
      subject: 'CN=localhost, O=Assay tests',
      issuer: 'CN=Assay Test CA, O=Assay tests',
    });
    expect(tls?.certificates[0]?.sha256Fingerprint).to.match(/^([0-9A-F]{2}:){31}[0-9A-F]{2}$/);
    expect(tls?.certificates[0]?.validTo).to.match(/^21\d\d-/);
  });

  it('writes the TLS facts in canonical order like the rest of the exchange', async () => {
    server = await startLoopback((_request, response) => response.end('{}'), { https: true });
    const { http, sink, transport } = harness(server.origin, { tls: { ca: [tlsFixture('ca.pem')] } });
    await http.get('metadata');
    await transport.close();
    expect(sink.exchanges[0]?.tls?.certificates).to.have.length.at.least(1);
    expect(JSON.stringify(sink.exchanges[0])).to.equal(canonicalJson(sink.exchanges[0]));
  });

  it('fails with a TLS error, not retried, when the server certificate is not trusted', async () => {
    server = await startLoopback((_request, response) => response.end('{}'), { https: true });
    const { http, sink, transport } = harness(server.origin);
    const error = await http.get('metadata').then(
      () => undefined,
      (reason: unknown) => reason,
    );
    await transport.close();
    expect(error).to.be.instanceOf(TransportError);
    expect((error as TransportError).failure).to.equal('tls');
    expect((error as TransportError).message).to.equal(
      `GET ${server.origin}/metadata: TLS failure with ${server.origin.slice(8)}: self-signed certificate in certificate chain (SELF_SIGNED_CERT_IN_CHAIN)`,
    );
    expect(sink.exchanges).to.have.length(1);
  });

  it('presents a client certificate for mutual TLS', async () => {
    server = await startLoopback(
      (request, response) => {
        const socket = request.socket as TLSSocket;
        response.end(JSON.stringify({ subject: socket.getPeerCertificate().subject.CN }));
      },
      { https: true, requestClientCert: true },
    );
    const { http, transport } = harness(server.origin, {
      tls: { ca: [tlsFixture('ca.pem')], cert: tlsFixture('client.pem'), key: tlsFixture('client-key.pem') },
    });
    const response = await http.get('metadata');
    await transport.close();
    expect(response.json()).to.deep.equal({ subject: 'assay-test-client' });
  });
});
