import { expect } from 'chai';
import type { Loopback } from '../../support/loopback-server.js';
import { startLoopback } from '../../support/loopback-server.js';
import { harness } from './harness.js';

describe('ctx.http', () => {
  let server: Loopback;
  afterEach(() => server.close());

  it('reads a body that arrives in many chunks whole, and drops a UTF-8 byte order mark as undici does', async () => {
    const big = JSON.stringify({ resourceType: 'Binary', data: 'x'.repeat(300 * 1024), note: 'caf\u00e9' });
    server = await startLoopback((request, response) => {
      response.setHeader('content-type', 'application/fhir+json');
      if (request.url === '/bom') response.end(Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from('{"a":1}')]));
      else response.end(big);
    });
    const { http, sink, transport } = harness(server.origin);
    const whole = await http.get('big');
    const bom = await http.get('bom');
    await transport.close();
    expect(whole.text).to.equal(big);
    expect(bom.text).to.equal('{"a":1}');
    expect(bom.json()).to.deep.equal({ a: 1 });
    expect(sink.exchanges.map((exchange) => exchange.response?.bodyBytes)).to.deep.equal([Buffer.byteLength(big), 10]);
  });

  it('passes over an informational response and returns the final one', async () => {
    server = await startLoopback((_request, response) => {
      response.writeEarlyHints({ link: '</style.css>; rel=preload' });
      response.writeHead(200, { 'content-type': 'application/fhir+json', etag: 'W/"3"' });
      response.end('{"resourceType":"Patient"}');
    });
    const { http, sink, transport } = harness(server.origin);
    const response = await http.get('Patient/1');
    await transport.close();
    expect(response.status).to.equal(200);
    expect(response.headers.etag).to.equal('W/"3"');
    expect(response.text).to.equal('{"resourceType":"Patient"}');
    expect(sink.exchanges[0]?.response).to.deep.include({ status: 200, body: '{"resourceType":"Patient"}' });
  });

  it('aborts every request of the scope in flight, and fails at once a request made after the abort', async () => {
    server = await startLoopback(() => undefined);
    const { http, abort, transport } = harness(server.origin);
    const pending = [1, 2, 3].map((n) => http.get(`Patient/${n}`).then(() => 'answered', (error: Error) => error.message));
    setTimeout(() => abort.abort(new Error('test timed out')), 50);
    const messages = await Promise.all(pending);
    const late = await http.get('Patient/4').then(() => 'answered', (error: Error) => error.message);
    await transport.close();
    expect(messages).to.deep.equal([1, 2, 3].map((n) => `GET ${server.origin}/Patient/${n}: abandoned (test timed out)`));
    expect(late).to.equal(`GET ${server.origin}/Patient/4: abandoned (test timed out)`);
  });

  it('refuses a header value undici will not send, naming the request', async () => {
    server = await startLoopback((_request, response) => response.end('{}'));
    const { http, sink, transport } = harness(server.origin);
    const message = await http.get('Patient/1', { headers: { 'x-bad': 'line\nbreak' } }).then(() => 'sent', (error: Error) => error.message);
    await transport.close();
    expect(message).to.equal(`GET ${server.origin}/Patient/1: invalid x-bad header (UND_ERR_INVALID_ARG)`);
    expect(sink.exchanges.map((exchange) => exchange.error)).to.deep.equal([message]);
  });
});
