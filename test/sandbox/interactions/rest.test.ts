import { expect } from 'chai';
import type { Sandbox } from '../../../sandbox/index.js';
import { fhir, nhsCode, sandboxContent, startTestSandbox, validSlot } from '../../support/sandbox.js';

const spine = 'https://fhir.nhs.uk/CodeSystem/England-SpineErrorOrWarningCode';
const richard = 'Patient/UKCore-Patient-RichardSmith-Example';
const nhs = 'https://fhir.nhs.uk/Id/nhs-number';
const httpDate = /^(Mon|Tue|Wed|Thu|Fri|Sat|Sun), \d{2} (Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec) \d{4} \d{2}:\d{2}:\d{2} GMT$/;

describe('sandbox: RESTful interactions (R4 http.html)', () => {
  let sandbox: Sandbox & { internalErrors: unknown[] };
  let ids = 0;
  const clock = { now: new Date('2025-06-01T10:00:00.000Z') };

  before(async () => {
    sandbox = await startTestSandbox({ clock: () => clock.now, newId: () => `new-${++ids}` });
  });
  after(() => sandbox.close());
  afterEach(() => expect(sandbox.internalErrors).to.deep.equal([]));

  describe('read and vread', () => {
    it('reads a seeded UK Core example with ETag, Last-Modified and its illustrated profile', async () => {
      const answer = await fhir(sandbox, 'GET', `/${richard}`);
      expect(answer.status).to.equal(200);
      expect(answer.headers.get('content-type')).to.equal('application/fhir+json; charset=utf-8');
      expect(answer.headers.get('etag')).to.equal('W/"1"');
      expect(answer.headers.get('last-modified')).to.equal('Sun, 01 Jun 2025 10:00:00 GMT');
      expect(answer.json?.meta).to.deep.equal({
        profile: ['https://fhir.hl7.org.uk/StructureDefinition/UKCore-Patient'],
        versionId: '1',
        lastUpdated: '2025-06-01T10:00:00.000Z',
      });
    });

    it('answers an unknown id with 404 and RESOURCE_NOT_FOUND', async () => {
      const answer = await fhir(sandbox, 'GET', '/Patient/no-such-patient');
      expect(answer.status).to.equal(404);
      expect(nhsCode(answer.json)).to.equal(`${spine}|RESOURCE_NOT_FOUND`);
      expect(answer.json?.issue).to.have.nested.property('[0].details.text', 'Patient/no-such-patient is not known to this server');
    });

    it('answers an id that is not a FHIR id with 400 INVALID_RESOURCE_ID', async () => {
      const answer = await fhir(sandbox, 'GET', `/Patient/${'x'.repeat(65)}`);
      expect(answer.status).to.equal(400);
      expect(nhsCode(answer.json)).to.equal(`${spine}|INVALID_RESOURCE_ID`);
    });

    it('vreads the first version after an update, and 404s a version that never was', async () => {
      const created = await fhir(sandbox, 'POST', '/Organization', { body: { resourceType: 'Organization', name: 'First name' } });
      const id = (created.json as { id: string }).id;
      await fhir(sandbox, 'PUT', `/Organization/${id}`, { body: { resourceType: 'Organization', id, name: 'Second name' }, headers: { 'if-match': 'W/"1"' } });
      const v1 = await fhir(sandbox, 'GET', `/Organization/${id}/_history/1`);
      expect(v1.status).to.equal(200);
      expect(v1.json).to.include({ name: 'First name' });
      expect(v1.headers.get('etag')).to.equal('W/"1"');
      const v9 = await fhir(sandbox, 'GET', `/Organization/${id}/_history/9`);
      expect(v9.status).to.equal(404);
      expect(v9.json?.issue).to.have.nested.property('[0].details.text', `Organization/${id} has no version 9`);
    });
  });

  describe('create', () => {
    it('answers 201 with Location carrying /_history/1, ETag, Last-Modified and the stored resource', async () => {
      clock.now = new Date('2025-06-02T08:30:15.250Z');
      const answer = await fhir(sandbox, 'POST', '/Patient', { body: { resourceType: 'Patient', id: 'ignored', name: [{ family: 'Created' }] } });
      expect(answer.status).to.equal(201);
      const id = (answer.json as { id: string }).id;
      expect(id).to.match(/^new-\d+$/);
      expect(answer.headers.get('location')).to.equal(`${sandbox.baseUrl}/Patient/${id}/_history/1`);
      expect(answer.headers.get('etag')).to.equal('W/"1"');
      expect(answer.headers.get('last-modified')).to.match(httpDate).and.equal('Mon, 02 Jun 2025 08:30:15 GMT');
      expect(answer.json?.meta).to.deep.equal({ versionId: '1', lastUpdated: '2025-06-02T08:30:15.250Z' });
      expect((await fhir(sandbox, 'GET', `/Patient/${id}`)).json).to.deep.equal(answer.json);
    });

    it('honours Prefer: return=minimal and return=OperationOutcome', async () => {
      const minimal = await fhir(sandbox, 'POST', '/Patient', { body: { resourceType: 'Patient' }, headers: { prefer: 'return=minimal' } });
      expect(minimal.status).to.equal(201);
      expect(minimal.text).to.equal('');
      expect(minimal.headers.get('location')).to.match(/\/_history\/1$/);
      const outcome = await fhir(sandbox, 'POST', '/Patient', { body: { resourceType: 'Patient' }, headers: { prefer: 'return=OperationOutcome' } });
      expect(outcome.json).to.have.property('resourceType', 'OperationOutcome');
    });

    it('refuses a body of another type with 400', async () => {
      const answer = await fhir(sandbox, 'POST', '/Patient', { body: { resourceType: 'Observation', status: 'final' } });
      expect(answer.status).to.equal(400);
      expect(answer.json?.issue).to.have.nested.property('[0].details.text', 'the body is a Observation, not a Patient');
      expect(answer.json?.issue).to.have.deep.nested.property('[0].expression', ['resourceType']);
    });

    it('refuses an NHS number failing the Modulus 11 check with 422 and its location', async () => {
      const answer = await fhir(sandbox, 'POST', '/Patient', {
        body: { resourceType: 'Patient', identifier: [{ system: 'https://fhir.nhs.uk/Id/nhs-number', value: '9000000008' }] },
      });
      expect(answer.status).to.equal(422);
      expect(nhsCode(answer.json)).to.equal('https://fhir.nhs.uk/CodeSystem/http-error-codes|UNPROCESSABLE_ENTITY');
      expect(answer.json?.issue).to.have.deep.nested.property('[0].expression', ['Patient.identifier[0].value']);
      expect(answer.json?.issue).to.have.nested.property('[0].details.text', '9000000008 is not a valid NHS number: it fails the Modulus 11 check digit');
    });

    it('accepts a valid NHS number', async () => {
      const answer = await fhir(sandbox, 'POST', '/Patient', {
        body: { resourceType: 'Patient', identifier: [{ system: 'https://fhir.nhs.uk/Id/nhs-number', value: '9000000009' }] },
      });
      expect(answer.status).to.equal(201);
    });

    it('refuses a Patient that is not valid against UKCore-Patient with 422 UNPROCESSABLE_ENTITY and the validator\'s findings, and stores nothing', async () => {
      const identifier = [{ system: nhs, value: '9000000009' }, { system: nhs, value: '9000000017' }];
      const answer = await fhir(sandbox, 'POST', '/Patient', { body: { resourceType: 'Patient', identifier } });
      expect(answer.status).to.equal(422);
      expect(nhsCode(answer.json)).to.equal('https://fhir.nhs.uk/CodeSystem/http-error-codes|UNPROCESSABLE_ENTITY');
      expect(answer.json?.issue).to.have.nested.property('[0].details.text', 'Patient is not valid against https://fhir.hl7.org.uk/StructureDefinition/UKCore-Patient: 1 error(s)');
      expect((answer.json?.issue as unknown[]).slice(1)).to.deep.equal([
        {
          severity: 'error',
          code: 'structure',
          details: { text: 'Patient.identifier:nhsNumber: max allowed = 1, but found 2 (from https://fhir.hl7.org.uk/StructureDefinition/UKCore-Patient|2.5.0)' },
          expression: ['Patient'],
        },
      ]);
      expect((await fhir(sandbox, 'GET', `/Patient?identifier=${nhs}|9000000017`)).json).to.include({ total: 0 });
    });

    it('refuses a resource invalid against a profile it claims in meta.profile with 422, and validates one claiming none against its type\'s UK Core profile', async () => {
      const lab = 'https://fhir.hl7.org.uk/StructureDefinition/UKCore-Observation-Lab';
      const observation = { resourceType: 'Observation', status: 'final', code: { text: 'Red cell count' } };
      const claiming = await fhir(sandbox, 'POST', '/Observation', { body: { ...observation, meta: { profile: [lab] } } });
      expect(claiming.status).to.equal(422);
      expect(claiming.json?.issue).to.have.nested.property('[0].details.text', `Observation is not valid against ${lab}: 2 error(s)`);
      expect((claiming.json?.issue as { details: { text: string } }[]).slice(1).map((i) => i.details.text)).to.deep.equal([
        `Observation.category: minimum required = 1, but only found 0 (from ${lab}|2.0.0)`,
        `Slice 'Observation.category:laboratory': a matching slice is required, but not found (from ${lab}|2.0.0)`,
      ]);
      expect((await fhir(sandbox, 'POST', '/Observation', { body: observation })).status).to.equal(201);
    });

    it('accepts every seeded UK Core example posted back as a create (no false 422)', async () => {
      const fresh = await startTestSandbox();
      try {
        const refused: string[] = [];
        for (const resource of (await sandboxContent()).seed) {
          const answer = await fhir(fresh, 'POST', `/${resource.resourceType}`, { body: resource });
          if (answer.status !== 201) refused.push(`${resource.resourceType}/${resource.id ?? ''}: ${answer.status} ${answer.text}`);
        }
        expect(refused).to.deep.equal([]);
        expect(fresh.internalErrors).to.deep.equal([]);
      } finally {
        await fresh.close();
      }
    });
  });

  describe('conditional create (If-None-Exist)', () => {
    const identifier = { system: 'https://example.org/conditional', value: 'cc-1' };

    it('creates when nothing matches, then answers 200 with the existing resource instead of creating again', async () => {
      const headers = { 'if-none-exist': 'identifier=https://example.org/conditional|cc-1' };
      const first = await fhir(sandbox, 'POST', '/Patient', { body: { resourceType: 'Patient', identifier: [identifier] }, headers });
      expect(first.status).to.equal(201);
      const second = await fhir(sandbox, 'POST', '/Patient', { body: { resourceType: 'Patient', identifier: [identifier] }, headers });
      expect(second.status).to.equal(200);
      expect(second.json).to.deep.equal(first.json);
    });

    it('answers 412 when more than one resource matches', async () => {
      const answer = await fhir(sandbox, 'POST', '/Patient', {
        body: { resourceType: 'Patient' },
        headers: { 'if-none-exist': '_profile=https://fhir.hl7.org.uk/StructureDefinition/UKCore-Patient' },
      });
      expect(answer.status).to.equal(412);
      expect(answer.json?.issue).to.have.nested.property('[0].code', 'multiple-matches');
    });
  });

  describe('update', () => {
    let id: string;
    beforeEach(async () => {
      id = ((await fhir(sandbox, 'POST', '/Patient', { body: { resourceType: 'Patient', gender: 'female' } })).json as { id: string }).id;
    });

    it('answers 200 with the next version when If-Match names the current one', async () => {
      const answer = await fhir(sandbox, 'PUT', `/Patient/${id}`, { body: { resourceType: 'Patient', id, gender: 'male' }, headers: { 'if-match': 'W/"1"' } });
      expect(answer.status).to.equal(200);
      expect(answer.headers.get('etag')).to.equal('W/"2"');
      expect(answer.headers.get('location')).to.equal(null);
      expect(answer.json).to.nested.include({ 'meta.versionId': '2', gender: 'male' });
    });

    it('answers 412 PRECONDITION_FAILED when If-Match names an older version, and stores nothing', async () => {
      await fhir(sandbox, 'PUT', `/Patient/${id}`, { body: { resourceType: 'Patient', id, gender: 'male' }, headers: { 'if-match': 'W/"1"' } });
      const answer = await fhir(sandbox, 'PUT', `/Patient/${id}`, { body: { resourceType: 'Patient', id, gender: 'other' }, headers: { 'if-match': 'W/"1"' } });
      expect(answer.status).to.equal(412);
      expect(nhsCode(answer.json)).to.equal(`${spine}|PRECONDITION_FAILED`);
      expect(answer.json?.issue).to.have.nested.property('[0].details.text', `If-Match: W/"1" does not match Patient/${id}: the current version is W/"2"`);
      expect((await fhir(sandbox, 'GET', `/Patient/${id}`)).json).to.include({ gender: 'male' });
    });

    it('answers 412 PRECONDITION_FAILED to an update without If-Match (versioned-update), and stores nothing', async () => {
      const answer = await fhir(sandbox, 'PUT', `/Patient/${id}`, { body: { resourceType: 'Patient', id, gender: 'male' } });
      expect(answer.status).to.equal(412);
      expect(nhsCode(answer.json)).to.equal(`${spine}|PRECONDITION_FAILED`);
      expect(answer.json?.issue).to.have.nested.property('[0].details.text', `an update of Patient/${id} must carry If-Match with its current version, W/"1"`);
      expect((await fhir(sandbox, 'GET', `/Patient/${id}`)).json).to.include({ gender: 'female' });
    });

    it('answers 201 with Location when the update creates the resource', async () => {
      const answer = await fhir(sandbox, 'PUT', '/Patient/chosen-by-client', { body: { resourceType: 'Patient', id: 'chosen-by-client' } });
      expect(answer.status).to.equal(201);
      expect(answer.headers.get('location')).to.equal(`${sandbox.baseUrl}/Patient/chosen-by-client/_history/1`);
    });

    it('answers 400 when the body has no id or another id than the URL', async () => {
      const none = await fhir(sandbox, 'PUT', `/Patient/${id}`, { body: { resourceType: 'Patient' } });
      expect(none.status).to.equal(400);
      expect(none.json?.issue).to.have.nested.property('[0].details.text', `an update must carry the id ${id} in the body`);
      const other = await fhir(sandbox, 'PUT', `/Patient/${id}`, { body: { resourceType: 'Patient', id: 'other' } });
      expect(other.status).to.equal(400);
      expect(other.json?.issue).to.have.nested.property('[0].details.text', `the body's id other is not the id in the URL (${id})`);
    });
  });

  describe('conditional update and conditional delete', () => {
    const system = 'https://example.org/conditional-update';

    it('creates when nothing matches, updates the one match, and answers 412 for several', async () => {
      const criteria = `identifier=${system}|cu-1`;
      const created = await fhir(sandbox, 'PUT', `/Patient?${criteria}`, { body: { resourceType: 'Patient', identifier: [{ system, value: 'cu-1' }] } });
      expect(created.status).to.equal(201);
      const id = (created.json as { id: string }).id;
      const updated = await fhir(sandbox, 'PUT', `/Patient?${criteria}`, {
        body: { resourceType: 'Patient', identifier: [{ system, value: 'cu-1' }], gender: 'unknown' },
        headers: { 'if-match': 'W/"1"' },
      });
      expect(updated.status).to.equal(200);
      expect(updated.json).to.include({ id, gender: 'unknown' });
      const several = await fhir(sandbox, 'PUT', '/Patient?_profile=https://fhir.hl7.org.uk/StructureDefinition/UKCore-Patient', { body: { resourceType: 'Patient' } });
      expect(several.status).to.equal(412);
      expect(several.json?.issue).to.have.nested.property('[0].code', 'multiple-matches');
    });

    it('answers 400 when the body names another resource than the one matched', async () => {
      const answer = await fhir(sandbox, 'PUT', '/Patient?_id=UKCore-Patient-RichardSmith-Example', { body: { resourceType: 'Patient', id: 'someone-else' } });
      expect(answer.status).to.equal(400);
      expect(answer.json?.issue).to.have.nested.property('[0].details.text', "the body's id someone-else is not the id of the resource the criteria match (UKCore-Patient-RichardSmith-Example)");
    });

    it('deletes the one match, does nothing for none, answers 412 for several and 400 without criteria', async () => {
      const id = ((await fhir(sandbox, 'POST', '/Slot', { body: { ...validSlot, status: 'busy', identifier: [{ system, value: 'cd-1' }] } })).json as { id: string }).id;
      expect((await fhir(sandbox, 'DELETE', `/Slot?_id=${id}`)).status).to.equal(204);
      expect((await fhir(sandbox, 'GET', `/Slot/${id}`)).status).to.equal(410);
      expect((await fhir(sandbox, 'DELETE', `/Slot?_id=${id}`)).status).to.equal(204);
      expect((await fhir(sandbox, 'DELETE', '/Patient?_profile=https://fhir.hl7.org.uk/StructureDefinition/UKCore-Patient')).status).to.equal(412);
      const bare = await fhir(sandbox, 'DELETE', '/Slot');
      expect(bare.status).to.equal(400);
      expect(bare.json?.issue).to.have.nested.property('[0].details.text', 'a conditional delete needs search parameters');
    });
  });

  describe('delete', () => {
    it('answers 204, then 410 Gone on read with INVALIDATED_RESOURCE; deleting again is 204', async () => {
      const id = ((await fhir(sandbox, 'POST', '/Slot', { body: validSlot })).json as { id: string }).id;
      expect((await fhir(sandbox, 'DELETE', `/Slot/${id}`)).status).to.equal(204);
      const read = await fhir(sandbox, 'GET', `/Slot/${id}`);
      expect(read.status).to.equal(410);
      expect(read.json?.issue).to.have.nested.property('[0].code', 'deleted');
      expect(nhsCode(read.json)).to.equal(`${spine}|INVALIDATED_RESOURCE`);
      expect((await fhir(sandbox, 'DELETE', `/Slot/${id}`)).status).to.equal(204);
      expect((await fhir(sandbox, 'GET', `/Slot/${id}/_history/2`)).status).to.equal(410);
      expect((await fhir(sandbox, 'GET', `/Slot?_id=${id}`)).json).to.include({ total: 0 });
    });

    it('answers 404 for an id that never existed', async () => {
      expect((await fhir(sandbox, 'DELETE', '/Slot/never-was')).status).to.equal(404);
    });
  });

  describe('history', () => {
    it('lists an instance\'s versions newest first, a delete as an entry without resource', async () => {
      clock.now = new Date('2025-06-03T00:00:00.000Z');
      const id = ((await fhir(sandbox, 'POST', '/Location', { body: { resourceType: 'Location', name: 'A' } })).json as { id: string }).id;
      clock.now = new Date('2025-06-03T00:00:01.000Z');
      await fhir(sandbox, 'PUT', `/Location/${id}`, { body: { resourceType: 'Location', id, name: 'B' }, headers: { 'if-match': 'W/"1"' } });
      await fhir(sandbox, 'DELETE', `/Location/${id}`);
      const answer = await fhir(sandbox, 'GET', `/Location/${id}/_history`);
      expect(answer.status).to.equal(200);
      const bundle = answer.json as { type: string; total: number; entry: { fullUrl: string; resource?: { name: string }; request: object; response: object }[] };
      expect(bundle.type).to.equal('history');
      expect(bundle.total).to.equal(3);
      expect(bundle.entry.map((e) => e.request)).to.deep.equal([
        { method: 'DELETE', url: `Location/${id}` },
        { method: 'PUT', url: `Location/${id}` },
        { method: 'POST', url: 'Location' },
      ]);
      expect(bundle.entry[0]).to.not.have.property('resource');
      expect(bundle.entry[1]?.resource?.name).to.equal('B');
      expect(bundle.entry[2]?.response).to.deep.equal({ status: '201 Created', etag: 'W/"1"', lastModified: '2025-06-03T00:00:00.000Z' });
      expect(bundle.entry.every((e) => e.fullUrl === `${sandbox.baseUrl}/Location/${id}`)).to.equal(true);
    });

    it('pages type history with _count and filters it with _since', async () => {
      const answer = await fhir(sandbox, 'GET', '/Location/_history?_count=2&_since=2025-06-03T00:00:00Z');
      const bundle = answer.json as { total: number; entry: unknown[]; link: { relation: string; url: string }[] };
      expect(bundle.total).to.equal(3);
      expect(bundle.entry).to.have.length(2);
      expect(bundle.link.find((l) => l.relation === 'next')?.url).to.equal(`${sandbox.baseUrl}/Location/_history?_since=2025-06-03T00:00:00Z&_count=2&_offset=2`);
    });

    it('includes the seed in system history', async () => {
      const answer = await fhir(sandbox, 'GET', '/_history?_count=1');
      expect((answer.json as { total: number }).total).to.be.greaterThan(140);
    });
  });
});
