import { expect } from 'chai';
import { Client } from 'fhir-kit-client';
import { gzipSync } from 'node:zlib';
import { canonicalJson } from '../../../reports/canonical-json.js';
import { TransportError } from '../../../runner/transport/transport-error.js';
import type { Loopback } from '../../support/loopback-server.js';
import { bodyOf, startLoopback } from '../../support/loopback-server.js';
import { bearerFor, harness, testLimits } from './harness.js';

const patient = { resourceType: 'Patient', id: '9000000009' };

async function rejection(promise: Promise<unknown>): Promise<TransportError> {
  try {
    await promise;
  } catch (error) {
    expect(error).to.be.instanceOf(TransportError);
    return error as TransportError;
  }
  throw new Error('expected the request to fail');
}

describe('the recording transport', () => {
  const servers: Loopback[] = [];
  afterEach(async () => {
    await Promise.all(servers.splice(0).map((server) => server.close()));
  });
  async function serve(...args: Parameters<typeof startLoopback>): Promise<Loopback> {
    const server = await startLoopback(...args);
    servers.push(server);
    return server;
  }

  it('records a request and its response as one exchange, credentials redacted', async () => {
    let seenAuthorization: string | undefined;
    const server = await serve((request, response) => {
      seenAuthorization = request.headers.authorization;
      response.setHeader('content-type', 'application/fhir+json');
      response.setHeader('etag', 'W/"1"');
      response.end(JSON.stringify(patient));
    });
    const { http, sink, transport } = harness(`${server.origin}/fhir`, {
      credentials: bearerFor(server.origin, 'tok-abcdef-123456'),
    });
    const response = await http.get('Patient/9000000009');
    await transport.close();

    expect(seenAuthorization).to.equal('Bearer tok-abcdef-123456');
    expect(response).to.deep.include({ status: 200, exchangeId: 'suite/group/test#1', url: `${server.origin}/fhir/Patient/9000000009` });
    expect(response.json()).to.deep.equal(patient);
    expect(sink.exchanges).to.have.length(1);
    const [exchange] = sink.exchanges;
    expect(exchange).to.deep.include({ id: 'suite/group/test#1', attempt: 1 });
    expect(exchange?.request).to.deep.equal({
      method: 'GET',
      url: `${server.origin}/fhir/Patient/9000000009`,
      headers: { accept: 'application/fhir+json', authorization: 'Bearer [REDACTED]' },
    });
    expect(exchange?.response).to.deep.include({ status: 200, body: JSON.stringify(patient), bodyBytes: 44 });
    expect(exchange?.response?.headers).to.include({ 'content-type': 'application/fhir+json', etag: 'W/"1"' });
    expect(exchange?.timings.totalMs).to.be.a('number');
    expect(exchange?.timings.firstByteMs).to.be.a('number');
    expect(JSON.stringify(sink.exchanges)).not.to.contain('tok-abcdef-123456');
  });

  it('records exchanges with their members already in canonical order, so hashing them needs no reordering', async () => {
    const server = await serve((request, response) => {
      void bodyOf(request).then(() => {
        response.writeHead(201, { 'x-zulu': '1', 'content-type': 'application/fhir+json', etag: 'W/"2"', 'Alpha-Header': 'a' });
        response.end(JSON.stringify(patient));
      });
    });
    const { http, sink, transport } = harness(server.origin, { credentials: bearerFor(server.origin, 'tok-order-123456') });
    await http.post('Patient', { json: patient, headers: { 'x-request': 'r', prefer: 'return=representation' } });
    await transport.close();
    const [exchange] = sink.exchanges;
    expect(exchange?.request.body).to.equal(JSON.stringify(patient));
    expect(JSON.stringify(exchange)).to.equal(canonicalJson(exchange));
  });

  it('records what fhir-kit-client sends through the same transport', async () => {
    const server = await serve((request, response) => {
      void bodyOf(request).then((body) => {
        response.statusCode = request.method === 'POST' ? 201 : 200;
        response.setHeader('content-type', 'application/fhir+json');
        response.end(body === '' ? JSON.stringify(patient) : body);
      });
    });
    const { transport, sink, scope } = harness(server.origin, { credentials: bearerFor(server.origin, 'tok-fhir-kit-1') });
    const fhir = new Client({
      baseUrl: `${server.origin}/fhir`,
      requestOptions: { dispatcher: transport.dispatcher(scope, { redirects: true }), redirect: 'manual' },
    });
    const read = await fhir.read({ resourceType: 'Patient', id: '9000000009' });
    const created = await fhir.create({ resourceType: 'Patient', body: { resourceType: 'Patient', active: true } });
    await transport.close();

    expect(read).to.deep.equal(patient);
    expect(created).to.deep.equal({ resourceType: 'Patient', active: true });
    expect(sink.exchanges.map((exchange) => [exchange.request.method, exchange.request.url, exchange.response?.status])).to.deep.equal([
      ['GET', `${server.origin}/fhir/Patient/9000000009`, 200],
      ['POST', `${server.origin}/fhir/Patient`, 201],
    ]);
    expect(sink.exchanges[1]?.request.body).to.equal('{"resourceType":"Patient","active":true}');
    expect(sink.exchanges[0]?.request.headers.authorization).to.equal('Bearer [REDACTED]');
  });

  it('keeps at most `concurrency` requests in flight to one host', async () => {
    let inFlight = 0;
    let most = 0;
    const server = await serve((_request, response) => {
      most = Math.max(most, ++inFlight);
      setTimeout(() => {
        inFlight--;
        response.end('{}');
      }, 40);
    });
    const { http, transport } = harness(server.origin, { hostLimits: { concurrency: 3, ratePerSecond: 0 } });
    await Promise.all(Array.from({ length: 12 }, (_, i) => http.get(`Patient/${i}`)));
    await transport.close();
    expect(most).to.equal(3);
  });

  it('starts no more than `ratePerSecond` requests a second to one host', async () => {
    const arrivals: number[] = [];
    const server = await serve((_request, response) => {
      arrivals.push(performance.now());
      response.end('{}');
    });
    const { http, transport } = harness(server.origin, { hostLimits: { concurrency: 8, ratePerSecond: 20 } });
    await Promise.all(Array.from({ length: 8 }, (_, i) => http.get(`Patient/${i}`)));
    await transport.close();
    // 20 a second is one start every 50 ms. A busy event loop can only delay starts, never bring them
    // forward, so request k arrives at least (k - 1) slots after the first (which may itself be late).
    const first = arrivals[0] ?? 0;
    arrivals.forEach((time, k) => expect(time - first).to.be.at.least(Math.max(0, k - 1) * 50 - 2));
    expect((arrivals.at(-1) ?? 0) - first).to.be.at.least(6 * 50);
  });

  it('times out a request whose server never answers', async () => {
    const server = await serve(() => undefined);
    const { http, sink, transport } = harness(server.origin, { limits: { ...testLimits, requestTimeoutMs: 300 } });
    const started = performance.now();
    const error = await rejection(http.get('metadata'));
    await transport.close();
    expect(performance.now() - started).to.be.lessThan(1500);
    expect(error.failure).to.equal('timeout');
    expect(error.message).to.match(new RegExp(`^GET ${server.origin}/metadata: (no complete response within 0.3 s|no response headers in time)`));
    expect(sink.exchanges).to.have.length(1);
    expect(sink.exchanges[0]?.error).to.equal(error.message);
  });

  it('times out each request at its own deadline, counted from when it was sent', async () => {
    const server = await serve(() => undefined);
    const { http, transport } = harness(server.origin, { limits: { ...testLimits, requestTimeoutMs: 300 } });
    const started = performance.now();
    const timedOut = (path: string): Promise<number> => rejection(http.get(path)).then(() => performance.now() - started);
    const first = timedOut('first');
    await new Promise((resolve) => setTimeout(resolve, 200));
    const second = timedOut('second');
    const [firstAt, secondAt] = await Promise.all([first, second]);
    await transport.close();
    // The second is not cut when the first's deadline passes, only at its own (200 ms later).
    expect(firstAt).to.be.within(299, 1500);
    expect(secondAt).to.be.within(499, 2000);
  });

  it('does not hang on a response that never ends', async () => {
    const server = await serve((_request, response) => {
      response.writeHead(200, { 'content-type': 'application/fhir+json' });
      response.write('{"resourceType":"Bundle","entry":[');
      const drip = setInterval(() => response.write(' '), 50);
      response.on('close', () => clearInterval(drip));
    });
    const { http, sink, transport } = harness(server.origin, { limits: { ...testLimits, requestTimeoutMs: 400 } });
    const started = performance.now();
    const error = await rejection(http.get('Patient'));
    await transport.close();
    expect(performance.now() - started).to.be.lessThan(2000);
    expect(error.message).to.equal(`GET ${server.origin}/Patient: no complete response within 0.4 s`);
    expect(sink.exchanges[0]?.response?.status).to.equal(200);
    expect(sink.exchanges[0]?.response?.body).to.match(/^\{"resourceType":"Bundle","entry":\[ +$/);
  });

  it('cuts a response larger than the cap and says so in the evidence', async () => {
    const server = await serve((_request, response) => {
      response.writeHead(200, { 'content-type': 'application/fhir+json' });
      response.end(Buffer.alloc(3 * 1024 * 1024, 'a'));
    });
    const { http, sink, transport } = harness(server.origin);
    const error = await rejection(http.get('Binary/big'));
    await transport.close();
    expect(error.failure).to.equal('too-large');
    expect(error.message).to.equal(`GET ${server.origin}/Binary/big: response body exceeds the 1 MB cap`);
    const exchange = sink.exchanges[0];
    expect(exchange?.response?.bodyBytes).to.equal(1024 * 1024);
    expect(exchange?.response?.bodyTruncated).to.equal(true);
    expect(exchange?.response?.body).to.have.length(64 * 1024);
    expect(exchange?.error).to.equal(error.message);
  });

  it('counts decoded bytes against the cap, so a compressed bomb is cut too', async () => {
    const bomb = gzipSync(Buffer.alloc(20 * 1024 * 1024));
    const server = await serve((_request, response) => {
      response.writeHead(200, { 'content-type': 'application/fhir+json', 'content-encoding': 'gzip' });
      response.end(bomb);
    });
    const { http, transport } = harness(server.origin);
    const error = await rejection(http.get('Binary/bomb'));
    await transport.close();
    expect(bomb.length).to.be.lessThan(64 * 1024);
    expect(error.failure).to.equal('too-large');
  });

  it('decodes a gzip response for the test and the evidence', async () => {
    const server = await serve((_request, response) => {
      response.writeHead(200, { 'content-type': 'application/fhir+json', 'content-encoding': 'gzip' });
      response.end(gzipSync(JSON.stringify(patient)));
    });
    const { http, sink, transport } = harness(server.origin);
    const response = await http.get('Patient/9000000009');
    await transport.close();
    expect(response.json()).to.deep.equal(patient);
    expect(response.headers['content-encoding']).to.equal(undefined);
    expect(sink.exchanges[0]?.response?.headers['content-encoding']).to.equal('gzip');
    expect(sink.exchanges[0]?.response?.body).to.equal(JSON.stringify(patient));
  });

  it('fails, without hanging, on a compressed body that does not decompress', async () => {
    const server = await serve((_request, response) => {
      response.writeHead(200, { 'content-type': 'application/fhir+json', 'content-encoding': 'gzip' });
      response.end(Buffer.from('this is not gzip at all'));
    });
    const { http, transport } = harness(server.origin);
    const error = await rejection(http.get('Patient/1'));
    await transport.close();
    expect(error.message).to.match(new RegExp(`^GET ${server.origin}/Patient/1: incorrect header check`));
  });

  it('drops credentials on a redirect to another origin and records every hop', async () => {
    const seen: (string | undefined)[] = [];
    const other = await serve((request, response) => {
      seen.push(request.headers.authorization);
      response.end(JSON.stringify(patient));
    });
    const target = await serve((request, response) => {
      seen.push(request.headers.authorization);
      response.writeHead(302, { location: `${other.origin}/elsewhere` });
      response.end();
    });
    const { http, sink, transport } = harness(target.origin, { credentials: bearerFor(target.origin, 'tok-redirect-1') });
    const response = await http.get('Patient/9000000009');
    const manual = await http.get('Patient/9000000009', { redirect: 'manual', headers: { authorization: 'Bearer tok-explicit-2' } });
    const explicit = await http.get('Patient/9000000009', { headers: { authorization: 'Bearer tok-explicit-2' } });
    await transport.close();

    expect(response.status).to.equal(200);
    expect(response.url).to.equal(`${other.origin}/elsewhere`);
    expect(manual.status).to.equal(302);
    expect(explicit.status).to.equal(200);
    expect(seen).to.deep.equal(['Bearer tok-redirect-1', undefined, 'Bearer tok-explicit-2', 'Bearer tok-explicit-2', undefined]);
    expect(sink.exchanges.map((exchange) => exchange.response?.status)).to.deep.equal([302, 200, 302, 302, 200]);
    expect(sink.exchanges[1]?.request.headers.authorization).to.equal(undefined);
  });

  it('stops following redirects at the maximum', async () => {
    let hops = 0;
    const server = await serve((_request, response) => {
      hops++;
      response.writeHead(307, { location: `/loop/${hops}` });
      response.end();
    });
    const { http, sink, transport } = harness(server.origin, { limits: { ...testLimits, maxRedirects: 3 } });
    const response = await http.get('start');
    await transport.close();
    expect(response.status).to.equal(307);
    expect(hops).to.equal(4);
    expect(sink.exchanges).to.have.length(4);
  });

  it('retries an idempotent request whose connection failed, recording every attempt', async () => {
    let requests = 0;
    const server = await serve((request, response) => {
      requests++;
      if (requests === 1) {
        request.socket.destroy();
        return;
      }
      response.end(JSON.stringify(patient));
    });
    const { http, sink, transport } = harness(server.origin);
    const response = await http.get('Patient/9000000009');
    await transport.close();
    expect(response.status).to.equal(200);
    expect(response.exchangeId).to.equal('suite/group/test#2');
    expect(sink.exchanges.map((exchange) => [exchange.id, exchange.attempt, exchange.response?.status ?? exchange.error])).to.deep.equal([
      ['suite/group/test#1', 1, `GET ${server.origin}/Patient/9000000009: the connection closed before a complete response (UND_ERR_SOCKET)`],
      ['suite/group/test#2', 2, 200],
    ]);
  });

  it('never retries a request that is not idempotent', async () => {
    let requests = 0;
    const server = await serve((request) => {
      requests++;
      request.socket.destroy();
    });
    const { http, sink, transport } = harness(server.origin);
    const error = await rejection(http.post('Patient', { json: patient }));
    await transport.close();
    expect(error.failure).to.equal('reset');
    expect(requests).to.equal(1);
    expect(sink.exchanges).to.have.length(1);
  });

  it('gives up on a refused connection after the retries, each attempt in the evidence', async () => {
    const server = await serve(() => undefined);
    const origin = server.origin;
    await server.close();
    servers.length = 0;
    const { http, sink, transport } = harness(origin);
    const error = await rejection(http.get('metadata'));
    await transport.close();
    expect(error.failure).to.equal('connect');
    expect(error.message).to.equal(`GET ${origin}/metadata: cannot connect to ${origin.slice('http://'.length)} (ECONNREFUSED)`);
    expect(sink.exchanges.map((exchange) => exchange.attempt)).to.deep.equal([1, 2, 3]);
  });

  it('aborts what is in flight when the scope is aborted', async () => {
    const server = await serve(() => undefined);
    const { http, abort, transport } = harness(server.origin);
    const pending = rejection(http.get('metadata'));
    setTimeout(() => abort.abort(new Error('test timed out')), 50);
    const error = await pending;
    await transport.close();
    expect(error.failure).to.equal('aborted');
    expect(error.message).to.equal(`GET ${server.origin}/metadata: abandoned (test timed out)`);
  });
});
