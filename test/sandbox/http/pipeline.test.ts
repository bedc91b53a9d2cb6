import { expect } from 'chai';
import { randomUUID } from 'node:crypto';
import { connect } from 'node:net';
import type { Sandbox } from '../../../sandbox/index.js';
import { fhir, nhsCode, startTestSandbox } from '../../support/sandbox.js';

const spine = 'https://fhir.nhs.uk/CodeSystem/England-SpineErrorOrWarningCode';
const richard = '/Patient/UKCore-Patient-RichardSmith-Example';

/** Sends raw bytes on a fresh connection and collects whatever comes back until the server closes it. */
function raw(sandbox: Sandbox, bytes: string, options: { readonly keepOpenMs?: number } = {}): Promise<string> {
  const { port } = new URL(sandbox.baseUrl);
  return new Promise((resolve, reject) => {
    const socket = connect(Number(port), '127.0.0.1', () => socket.write(bytes));
    let received = '';
    socket.setEncoding('utf8').on('data', (chunk: string) => (received += chunk));
    socket.on('error', reject);
    socket.on('close', () => resolve(received));
    if (options.keepOpenMs === undefined) setTimeout(() => socket.end(), 2000);
  });
}

describe('sandbox: HTTP conventions, errors and hostile input', () => {
  let sandbox: Sandbox & { internalErrors: unknown[] };

  before(async () => {
    sandbox = await startTestSandbox({ limits: { maxBodyBytes: 64 * 1024, headersTimeoutMs: 300, requestTimeoutMs: 600 } });
  });
  after(() => sandbox.close());
  afterEach(() => expect(sandbox.internalErrors).to.deep.equal([]));

  describe('content negotiation (R4 http.html#mime-type)', () => {
    for (const accept of ['application/fhir+json', 'application/json', '*/*', 'application/fhir+json; fhirVersion=4.0', 'application/fhir+xml;q=0.9, application/fhir+json']) {
      it(`serves FHIR JSON for Accept: ${accept}`, async () => {
        const answer = await fhir(sandbox, 'GET', richard, { headers: { accept } });
        expect(answer.status).to.equal(200);
        expect(answer.headers.get('content-type')).to.equal('application/fhir+json; charset=utf-8');
      });
    }

    for (const accept of ['application/fhir+xml', 'text/turtle', 'application/fhir+json; fhirVersion=3.0']) {
      it(`answers 406 with an OperationOutcome for Accept: ${accept}`, async () => {
        const answer = await fhir(sandbox, 'GET', richard, { headers: { accept } });
        expect(answer.status).to.equal(406);
        expect(nhsCode(answer.json)).to.equal('https://fhir.nhs.uk/CodeSystem/NHSD-API-ErrorOrWarningCode|NOT_ACCEPTABLE');
      });
    }

    it('lets _format override Accept both ways', async () => {
      expect((await fhir(sandbox, 'GET', `${richard}?_format=json`, { headers: { accept: 'application/fhir+xml' } })).status).to.equal(200);
      const xml = await fhir(sandbox, 'GET', `${richard}?_format=xml`);
      expect(xml.status).to.equal(406);
      expect(xml.json?.issue).to.have.nested.property('[0].details.text', '_format=xml is not a format this server produces; it produces application/fhir+json only');
      expect((await fhir(sandbox, 'GET', '/Patient?_format=application/fhir%2Bjson&_count=1')).status).to.equal(200);
    });

    for (const contentType of ['application/fhir+xml', 'text/plain', 'application/fhir+json; charset=iso-8859-1']) {
      it(`answers 415 to a body sent as ${contentType}`, async () => {
        const answer = await fhir(sandbox, 'POST', '/Patient', { body: { resourceType: 'Patient' }, headers: { 'content-type': contentType } });
        expect(answer.status).to.equal(415);
        expect(nhsCode(answer.json)).to.equal('https://fhir.nhs.uk/CodeSystem/http-error-codes|UNSUPPORTED_MEDIA_TYPE');
      });
    }

    it('accepts application/json as a request body', async () => {
      expect((await fhir(sandbox, 'POST', '/Patient', { body: { resourceType: 'Patient' }, headers: { 'content-type': 'application/json' } })).status).to.equal(201);
    });
  });

  describe('errors are OperationOutcomes with the right status', () => {
    it('400 for malformed JSON, naming the parse error', async () => {
      const answer = await fhir(sandbox, 'POST', '/Patient', { body: '{"resourceType": "Patient",' });
      expect(answer.status).to.equal(400);
      expect(answer.json?.resourceType).to.equal('OperationOutcome');
      expect(answer.json?.issue).to.have.nested.property('[0].code', 'structure');
      expect((answer.json?.issue as { details: { text: string } }[])[0]?.details.text).to.match(/^the request body is not valid JSON: /);
    });

    it('400 for JSON that is not an object', async () => {
      const answer = await fhir(sandbox, 'POST', '/Patient', { body: '[1,2]' });
      expect(answer.status).to.equal(400);
      expect(answer.json?.issue).to.have.nested.property('[0].details.text', 'the request body is not a FHIR resource: it must be a JSON object');
    });

    it('404 for a FHIR type the server does not serve, and for a name that is not a type', async () => {
      const account = await fhir(sandbox, 'GET', '/Account/1');
      expect(account.status).to.equal(404);
      expect(account.json?.issue).to.have.nested.property('[0].details.text', 'Account is a FHIR resource type this server does not serve (see /metadata)');
      const foo = await fhir(sandbox, 'GET', '/patient');
      expect(foo.status).to.equal(404);
      expect(foo.json?.issue).to.have.nested.property('[0].details.text', 'patient is not a FHIR resource type');
    });

    it('404 for paths outside the FHIR base and for unknown sub-paths', async () => {
      const outside = await fetch(`${new URL(sandbox.baseUrl).origin}/admin`);
      expect(outside.status).to.equal(404);
      expect(((await outside.json()) as { resourceType: string }).resourceType).to.equal('OperationOutcome');
      expect((await fhir(sandbox, 'GET', `${richard}/whatever`)).status).to.equal(404);
      expect((await fhir(sandbox, 'GET', '/Patient/$everything')).status).to.equal(404);
    });

    it('405 with Allow for a method the path does not take', async () => {
      const answer = await fhir(sandbox, 'PATCH', richard, { body: [] });
      expect(answer.status).to.equal(405);
      expect(answer.headers.get('allow')).to.equal('GET, PUT, DELETE');
      expect(nhsCode(answer.json)).to.equal(`${spine}|INVALID_METHOD`);
      expect((await fhir(sandbox, 'DELETE', '/metadata')).headers.get('allow')).to.equal('GET');
    });
  });

  describe('NHS England API headers', () => {
    it('mirrors X-Request-ID and X-Correlation-ID, on success and on error', async () => {
      for (const path of [richard, '/Patient/nope']) {
        const id = randomUUID();
        const answer = await fhir(sandbox, 'GET', path, { headers: { 'x-request-id': id, 'x-correlation-id': 'corr-123' } });
        expect(answer.headers.get('x-request-id')).to.equal(id);
        expect(answer.headers.get('x-correlation-id')).to.equal('corr-123');
      }
    });

    it('answers 400 MISSING_VALUE without X-Request-ID, and 400 INVALID_VALUE when it is not a UUID', async () => {
      const missing = await fetch(`${sandbox.baseUrl}${richard}`);
      expect(missing.status).to.equal(400);
      const outcome = (await missing.json()) as Record<string, unknown>;
      expect(nhsCode(outcome)).to.equal(`${spine}|MISSING_VALUE`);
      expect(outcome.issue).to.have.deep.nested.property('[0].expression', ['http.X-Request-ID']);
      const invalid = await fhir(sandbox, 'GET', richard, { headers: { 'x-request-id': 'not-a-uuid' } });
      expect(invalid.status).to.equal(400);
      expect(nhsCode(invalid.json)).to.equal(`${spine}|INVALID_VALUE`);
      expect(invalid.headers.get('x-request-id')).to.equal('not-a-uuid');
    });

    it('serves /metadata without X-Request-ID (discovery is open)', async () => {
      expect((await fetch(`${sandbox.baseUrl}/metadata`)).status).to.equal(200);
    });
  });

  describe('hostile input never crashes it', () => {
    it('answers 413 to a declared body over the cap without reading it, and keeps serving', async () => {
      const answer = await fhir(sandbox, 'POST', '/Patient', { body: JSON.stringify({ resourceType: 'Patient', text: 'x'.repeat(70 * 1024) }) });
      expect(answer.status).to.equal(413);
      expect(answer.json?.issue).to.have.nested.property('[0].code', 'too-long');
      expect((await fhir(sandbox, 'GET', richard)).status).to.equal(200);
    });

    it('answers 413 to a chunked body that grows past the cap', async () => {
      const head = `POST /fhir/Patient HTTP/1.1\r\nHost: x\r\nX-Request-ID: ${randomUUID()}\r\nContent-Type: application/fhir+json\r\nTransfer-Encoding: chunked\r\n\r\n`;
      const chunk = 'a'.repeat(32 * 1024);
      const body = [chunk, chunk, chunk].map((c) => `${c.length.toString(16)}\r\n${c}\r\n`).join('');
      const received = await raw(sandbox, `${head}${body}0\r\n\r\n`);
      expect(received).to.match(/^HTTP\/1\.1 413 /);
      expect((await fhir(sandbox, 'GET', richard)).status).to.equal(200);
    });

    it('answers 400 to bytes that are not HTTP', async () => {
      const received = await raw(sandbox, 'NOT HTTP AT ALL\r\n\r\n');
      expect(received).to.match(/^HTTP\/1\.1 400 Bad Request\r\n/);
      expect(received).to.contain('"resourceType":"OperationOutcome"');
    });

    it('answers 431 to oversized headers', async () => {
      const received = await raw(sandbox, `GET /fhir/metadata HTTP/1.1\r\nHost: x\r\nX-Big: ${'b'.repeat(20_000)}\r\n\r\n`);
      expect(received).to.match(/^HTTP\/1\.1 431 /);
    });

    it('closes a connection that sends its headers too slowly (408) while serving others', async () => {
      const slow = raw(sandbox, 'GET /fhir/metadata HTTP/1.1\r\nHost: x\r\n', { keepOpenMs: 0 });
      expect((await fhir(sandbox, 'GET', richard)).status).to.equal(200);
      expect(await slow).to.match(/^HTTP\/1\.1 408 Request Timeout\r\n/);
    });

    it('survives a client that disconnects mid-body', async () => {
      const { port } = new URL(sandbox.baseUrl);
      await new Promise<void>((resolve) => {
        const socket = connect(Number(port), '127.0.0.1', () => {
          socket.write(`POST /fhir/Patient HTTP/1.1\r\nHost: x\r\nX-Request-ID: ${randomUUID()}\r\nContent-Type: application/fhir+json\r\nContent-Length: 1000\r\n\r\n{"resourceType"`);
          setTimeout(() => socket.destroy(), 50);
        });
        socket.on('close', () => resolve());
      });
      expect((await fhir(sandbox, 'GET', richard)).status).to.equal(200);
    });

    it('answers 400 to a path that is not validly percent-encoded', async () => {
      const answer = await fhir(sandbox, 'GET', '/Patient/%E0%A4%A');
      expect(answer.status).to.equal(400);
    });

    it('takes deeply nested and odd JSON without a 500', async () => {
      const deep = `${'{"a":'.repeat(5000)}1${'}'.repeat(5000)}`;
      const answers = await Promise.all([
        fhir(sandbox, 'POST', '/Patient', { body: `{"resourceType":"Patient","x":${deep}}` }),
        fhir(sandbox, 'POST', '/Patient', { body: '{"resourceType":"Patient","__proto__":{"polluted":true}}' }),
        fhir(sandbox, 'POST', '/', { body: { resourceType: 'Bundle', type: 'transaction', entry: 'not-a-list' } }),
        fhir(sandbox, 'POST', '/', { body: { resourceType: 'Bundle', type: 'batch', entry: [null, 1, { request: {} }] } }),
      ]);
      for (const answer of answers) expect(answer.status, answer.text).to.be.lessThan(500);
      expect(({} as Record<string, unknown>).polluted).to.equal(undefined);
    });
  });
});
