import { expect } from 'chai';
import { Readable } from 'node:stream';
import { request } from 'undici';
import type { Loopback } from '../../support/loopback-server.js';
import { bodyOf, startLoopback } from '../../support/loopback-server.js';
import { harness } from './harness.js';

describe('redirects through the transport', () => {
  let server: Loopback;
  afterEach(() => server.close());

  /** Answers `/from` with `status` to `/to`, and `/to` with what it received. */
  async function redirecting(status: number): Promise<Loopback> {
    return startLoopback((req, res) => {
      void bodyOf(req).then((body) => {
        if (req.url === '/from') {
          res.writeHead(status, { location: '/to' });
          res.end('moved');
        } else {
          res.setHeader('content-type', 'application/json');
          res.end(JSON.stringify({ method: req.method, body }));
        }
      });
    });
  }

  it('follows a 303 after a POST with a GET without the body, each hop its own exchange', async () => {
    server = await redirecting(303);
    const { http, sink, transport } = harness(server.origin);
    const response = await http.post('from', { body: 'payload-1' });
    await transport.close();
    expect(response.json()).to.deep.equal({ method: 'GET', body: '' });
    expect(response.url).to.equal(`${server.origin}/to`);
    expect(sink.exchanges.map((exchange) => [exchange.request.method, exchange.request.url, exchange.request.body, exchange.response?.status])).to.deep.equal([
      ['POST', `${server.origin}/from`, 'payload-1', 303],
      ['GET', `${server.origin}/to`, undefined, 200],
    ]);
  });

  it('follows a 307 with the same method and body', async () => {
    server = await redirecting(307);
    const { http, sink, transport } = harness(server.origin);
    const response = await http.put('from', { body: 'payload-2' });
    await transport.close();
    expect(response.json()).to.deep.equal({ method: 'PUT', body: 'payload-2' });
    expect(response.exchangeId).to.equal('suite/group/test#2');
    expect(sink.exchanges.map((exchange) => exchange.request.body)).to.deep.equal(['payload-2', 'payload-2']);
  });

  it('does not follow a 307 for a streamed body it cannot send again', async () => {
    server = await redirecting(307);
    const { transport, sink, scope } = harness(server.origin);
    const response = await request(`${server.origin}/from`, {
      method: 'POST',
      body: Readable.from([Buffer.from('streamed-')]),
      dispatcher: transport.dispatcher(scope),
    });
    const text = await response.body.text();
    await transport.close();
    expect([response.statusCode, text]).to.deep.equal([307, 'moved']);
    expect(sink.exchanges.map((exchange) => exchange.request.body)).to.deep.equal(['streamed-']);
  });

  it('leaves redirects to a client that asks for none (fetch sends maxRedirections 0)', async () => {
    server = await redirecting(302);
    const { transport, sink, scope } = harness(server.origin);
    // The global fetch is typed against Node's bundled undici; the dispatcher is this package's.
    const init = { redirect: 'manual', dispatcher: transport.dispatcher(scope) } as unknown as RequestInit;
    const response = await fetch(`${server.origin}/from`, init);
    await response.arrayBuffer();
    await transport.close();
    expect(response.status).to.equal(302);
    expect(sink.exchanges.map((exchange) => exchange.response?.status)).to.deep.equal([302]);
  });
});
