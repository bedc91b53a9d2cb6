import { expect } from 'chai';
import type { Sandbox } from '../../../sandbox/index.js';
import { fhir, startTestSandbox } from '../../support/sandbox.js';

interface ResponseBundle {
  type: string;
  entry: { fullUrl?: string; resource?: Record<string, unknown>; response: { status: string; location?: string; etag?: string; outcome?: { issue: { details?: { text?: string } }[] } } }[];
}

const richard = 'UKCore-Patient-RichardSmith-Example';

describe('sandbox: batch and transaction (R4 http.html#transaction)', () => {
  let sandbox: Sandbox & { internalErrors: unknown[] };

  before(async () => {
    sandbox = await startTestSandbox();
  });
  after(() => sandbox.close());
  afterEach(() => expect(sandbox.internalErrors).to.deep.equal([]));

  it('a batch answers each entry on its own, failures included', async () => {
    const answer = await fhir(sandbox, 'POST', '/', {
      body: {
        resourceType: 'Bundle',
        type: 'batch',
        entry: [
          { request: { method: 'GET', url: `Patient/${richard}` } },
          { request: { method: 'GET', url: 'Patient/missing' } },
          { request: { method: 'POST', url: 'Organization' }, resource: { resourceType: 'Organization', name: 'Batch Org' } },
          { request: { method: 'GET', url: 'Patient?family=smith' } },
        ],
      },
    });
    expect(answer.status).to.equal(200);
    const bundle = answer.json as unknown as ResponseBundle;
    expect(bundle.type).to.equal('batch-response');
    expect(bundle.entry.map((e) => e.response.status)).to.deep.equal(['200 OK', '404 Not Found', '201 Created', '200 OK']);
    expect(bundle.entry[0]?.response.etag).to.equal('W/"1"');
    expect(bundle.entry[1]?.response.outcome?.issue[0]?.details?.text).to.equal('Patient/missing is not known to this server');
    expect(bundle.entry[2]?.response.location).to.match(new RegExp(`^${sandbox.baseUrl}/Organization/[0-9a-f-]{36}/_history/1$`));
    expect(bundle.entry[3]?.resource).to.include({ resourceType: 'Bundle', type: 'searchset' });
  });

  it('a transaction creates entries with server ids and points urn:uuid references at them', async () => {
    const answer = await fhir(sandbox, 'POST', '/', {
      body: {
        resourceType: 'Bundle',
        type: 'transaction',
        entry: [
          {
            fullUrl: 'urn:uuid:2f6c7d4e-0000-4000-8000-000000000002',
            request: { method: 'POST', url: 'Observation' },
            resource: { resourceType: 'Observation', status: 'final', code: { text: 'tx' }, subject: { reference: 'urn:uuid:2f6c7d4e-0000-4000-8000-000000000001' } },
          },
          {
            fullUrl: 'urn:uuid:2f6c7d4e-0000-4000-8000-000000000001',
            request: { method: 'POST', url: 'Patient' },
            resource: { resourceType: 'Patient', name: [{ family: 'Transaction' }] },
          },
        ],
      },
    });
    expect(answer.status).to.equal(200);
    const bundle = answer.json as unknown as ResponseBundle;
    expect(bundle.type).to.equal('transaction-response');
    expect(bundle.entry.map((e) => e.response.status)).to.deep.equal(['201 Created', '201 Created']);
    const patientUrl = bundle.entry[1]?.fullUrl ?? '';
    const patientRef = patientUrl.slice(sandbox.baseUrl.length + 1);
    expect(patientRef).to.match(/^Patient\/[0-9a-f-]{36}$/);
    expect(bundle.entry[0]?.resource?.subject).to.deep.equal({ reference: patientRef });
    const found = await fhir(sandbox, 'GET', `/Observation?subject=${patientRef}`);
    expect(found.json).to.include({ total: 1 });
  });

  it('a transaction is all or nothing: one failing entry undoes the others and answers with its error', async () => {
    const before = ((await fhir(sandbox, 'GET', '/Organization?_summary=count')).json as { total: number }).total;
    const answer = await fhir(sandbox, 'POST', '/', {
      body: {
        resourceType: 'Bundle',
        type: 'transaction',
        entry: [
          { request: { method: 'POST', url: 'Organization' }, resource: { resourceType: 'Organization', name: 'Undone' } },
          { request: { method: 'PUT', url: `Patient/${richard}`, ifMatch: 'W/"99"' }, resource: { resourceType: 'Patient', id: richard } },
        ],
      },
    });
    expect(answer.status).to.equal(412);
    expect(answer.json?.issue).to.have.nested.property('[0].details.text', `transaction entry 1: If-Match: W/"99" does not match Patient/${richard}: the current version is W/"1"`);
    expect(((await fhir(sandbox, 'GET', '/Organization?_summary=count')).json as { total: number }).total).to.equal(before);
    expect((await fhir(sandbox, 'GET', `/Patient/${richard}`)).headers.get('etag')).to.equal('W/"1"');
  });

  it('a transaction entry that cannot be routed fails the whole transaction, naming the entry', async () => {
    const answer = await fhir(sandbox, 'POST', '/', {
      body: { resourceType: 'Bundle', type: 'transaction', entry: [{ request: { method: 'GET', url: 'Account/1' } }] },
    });
    expect(answer.status).to.equal(404);
    expect(answer.json?.issue).to.have.nested.property('[0].details.text', 'transaction entry 0: Account is a FHIR resource type this server does not serve (see /metadata)');
  });

  it('runs DELETE before POST before PUT before GET, and answers in the order asked', async () => {
    const created = await fhir(sandbox, 'POST', '/Location', { body: { resourceType: 'Location', name: 'To delete' } });
    const id = (created.json as { id: string }).id;
    const answer = await fhir(sandbox, 'POST', '/', {
      body: {
        resourceType: 'Bundle',
        type: 'transaction',
        entry: [
          { request: { method: 'GET', url: `Location?_id=${id}` } },
          { request: { method: 'DELETE', url: `Location/${id}` } },
        ],
      },
    });
    const bundle = answer.json as unknown as ResponseBundle;
    expect(bundle.entry.map((e) => e.response.status)).to.deep.equal(['200 OK', '204 No Content']);
    expect(bundle.entry[0]?.resource).to.include({ total: 0 });
  });

  it('refuses a Bundle of another type with 400', async () => {
    const answer = await fhir(sandbox, 'POST', '/', { body: { resourceType: 'Bundle', type: 'collection' } });
    expect(answer.status).to.equal(400);
    expect(answer.json?.issue).to.have.nested.property('[0].details.text', 'POST to the base takes a Bundle of type batch or transaction');
  });

  it('refuses an entry without request.method and request.url', async () => {
    const answer = await fhir(sandbox, 'POST', '/', { body: { resourceType: 'Bundle', type: 'batch', entry: [{ resource: { resourceType: 'Patient' } }] } });
    const bundle = answer.json as unknown as ResponseBundle;
    expect(bundle.entry[0]?.response.status).to.equal('400 Bad Request');
    expect(bundle.entry[0]?.response.outcome?.issue[0]?.details?.text).to.equal('entry 0 has no request.method and request.url');
  });
});
