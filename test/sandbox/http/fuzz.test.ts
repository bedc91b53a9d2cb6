import { expect } from 'chai';
import { randomUUID } from 'node:crypto';
import type { Sandbox } from '../../../sandbox/index.js';
import { startTestSandbox } from '../../support/sandbox.js';

/** A small seeded generator (mulberry32), so a failure replays exactly. */
function generator(seed: number): () => number {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const methods = ['GET', 'POST', 'PUT', 'DELETE', 'PATCH', 'OPTIONS'];
const segments = ['Patient', 'Observation', 'Bundle', 'Account', 'patient', 'UKCore-Patient-RichardSmith-Example', '_history', '_search', '1', '$everything', '..', '%00', '%ZZ', 'x'.repeat(300), 'metadata', '.well-known', ''];
const names = ['family', 'birthdate', 'subject', 'code', '_count', '_offset', '_include', '_revinclude', '_summary', '_elements', '_format', '_id', 'identifier', 'gender:not', 'name:exact', 'date', 'patient:Patient', 'subject:missing', 'unknown', '_since', '_sort'];
const values = ["'; DROP TABLE patients;--", 'ge2020', '1970-13-45', '-1', '99999999999', 'Patient/x', 'x|y|z', '\\,\\|', 'Observation:patient', '*', 'true', 'count', '', '%', '<script>', 'a'.repeat(2000), 'http://example.org/x', 'urn:uuid:1'];
const bodies = [
  '{"resourceType":"Patient"}',
  '{"resourceType":"Patient","id":"UKCore-Patient-RichardSmith-Example"}',
  '{"resourceType":"Bundle","type":"transaction","entry":[{"request":{"method":"POST","url":"Patient"},"resource":{"resourceType":"Patient"}},{"request":{"method":"GET","url":"Nope/1"}}]}',
  '{"resourceType":"Bundle","type":"batch","entry":[{"request":{"method":"DELETE","url":"Patient?family=x"}},{"request":{"method":"PUT","url":"Patient"}}]}',
  '{"resourceType":"Observation","subject":{"reference":{"nested":true}},"code":[]}',
  '{"resourceType":"Patient","identifier":[{"system":"https://fhir.nhs.uk/Id/nhs-number","value":12345}]}',
  '{"resourceType":7}',
  'null',
  '[]',
  '{',
  '<Patient xmlns="http://hl7.org/fhir"/>',
  '',
];
const contentTypes = ['application/fhir+json', 'application/json', 'application/x-www-form-urlencoded', 'text/plain', 'application/fhir+json; charset=latin1'];

describe('sandbox: random hostile requests never crash it', () => {
  let sandbox: Sandbox & { internalErrors: unknown[] };
  before(async () => {
    sandbox = await startTestSandbox();
  });
  after(() => sandbox.close());

  it('answers 400 requests drawn from odd methods, paths, parameters, bodies and headers without a 5xx or a bug', async () => {
    const random = generator(20250601);
    const pick = <T>(list: readonly T[]): T => list[Math.floor(random() * list.length)] as T;
    const failures: string[] = [];
    for (let i = 0; i < 400; i++) {
      const method = pick(methods);
      const path = Array.from({ length: 1 + Math.floor(random() * 4) }, () => pick(segments)).join('/');
      const query = Array.from({ length: Math.floor(random() * 4) }, () => `${pick(names)}=${encodeURIComponent(pick(values))}`).join('&');
      const body = method === 'GET' || method === 'OPTIONS' ? undefined : pick(bodies);
      const headers: Record<string, string> = {
        ...(random() < 0.9 ? { 'x-request-id': random() < 0.9 ? randomUUID() : pick(values) } : {}),
        ...(random() < 0.3 ? { accept: pick(['application/fhir+xml', '*/*', 'text/html;q=0', 'application/fhir+json;fhirVersion=9']) } : {}),
        ...(body === undefined ? {} : { 'content-type': pick(contentTypes) }),
        ...(random() < 0.2 ? { 'if-match': pick(['W/"1"', '"x"', 'W/"999"']) } : {}),
        ...(random() < 0.1 ? { 'if-none-exist': `${pick(names)}=${pick(values)}` } : {}),
        ...(random() < 0.1 ? { prefer: pick(['handling=strict', 'return=minimal', 'return=OperationOutcome']) } : {}),
      };
      const url = `${sandbox.baseUrl}/${path}${query === '' ? '' : `?${query}`}`;
      const response = await fetch(url, { method, headers, ...(body === undefined ? {} : { body }) });
      const text = await response.text();
      if (response.status >= 500) failures.push(`${method} ${url} -> ${response.status} ${text.slice(0, 200)}`);
      if (response.status >= 400 && !text.includes('"resourceType":"OperationOutcome"')) failures.push(`${method} ${url} -> ${response.status} without an OperationOutcome`);
    }
    expect(failures).to.deep.equal([]);
    expect(sandbox.internalErrors.map(String)).to.deep.equal([]);
  });
});
