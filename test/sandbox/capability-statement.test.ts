import { expect } from 'chai';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { CapabilityStatement, CapabilityStatementRestResource } from 'fhir/r4.js';
import type { Sandbox } from '../../sandbox/index.js';
import { sharedDir } from '../support/paths.js';
import { fhir, sandboxContent, sandboxProfiles, startTestSandbox } from '../support/sandbox.js';

describe('sandbox: the CapabilityStatement says what the server does', () => {
  let sandbox: Sandbox & { internalErrors: unknown[] };
  let statement: CapabilityStatement;
  let resources: CapabilityStatementRestResource[];

  before(async () => {
    sandbox = await startTestSandbox();
    statement = (await fhir(sandbox, 'GET', '/metadata')).json as unknown as CapabilityStatement;
    resources = statement.rest?.[0]?.resource ?? [];
  });
  after(() => sandbox.close());
  afterEach(() => expect(sandbox.internalErrors).to.deep.equal([]));

  it('is served with ETag W/"1", matching its meta.versionId', async () => {
    const answer = await fhir(sandbox, 'GET', '/metadata');
    expect(answer.headers.get('etag')).to.equal('W/"1"');
    expect(statement.meta?.versionId).to.equal('1');
  });

  it('is an instance statement for FHIR 4.0.1 in JSON only, with the sandbox as its implementation', () => {
    expect(statement).to.include({ resourceType: 'CapabilityStatement', status: 'active', kind: 'instance', fhirVersion: '4.0.1' });
    expect(statement.format).to.deep.equal(['application/fhir+json']);
    expect(statement.implementation?.url).to.equal(sandbox.baseUrl);
    expect(statement.rest?.[0]?.interaction?.map((i) => i.code)).to.deep.equal(['batch', 'transaction', 'history-system']);
    expect(statement.rest?.[0]).to.not.have.property('security');
  });

  it('lists every type UK Core profiles (but Questionnaire, whose profile the package lacks) and the example types, with their UK Core profiles', () => {
    const ukCore = JSON.parse(readFileSync(join(sharedDir, 'fhir-packages/fhir.r4.ukcore.stu2#2.0.2/package/CapabilityStatement-UKCore.json'), 'utf8')) as CapabilityStatement;
    const required = ukCore.rest?.[0]?.resource ?? [];
    const served = new Map(resources.map((r) => [r.type, r]));
    expect([...served.keys()]).to.include.members([...required.map((r) => r.type).filter((t) => t !== 'Questionnaire'), 'BodyStructure', 'Bundle']);
    expect(served.has('Questionnaire')).to.equal(false);
    for (const r of required.filter((x) => x.type !== 'Questionnaire')) {
      expect(served.get(r.type)?.profile, r.type).to.equal(r.profile);
      expect(served.get(r.type)?.supportedProfile, r.type).to.include(r.profile);
    }
    expect(served.get('Observation')?.supportedProfile).to.deep.equal([
      'https://fhir.hl7.org.uk/StructureDefinition/UKCore-Observation',
      'https://fhir.hl7.org.uk/StructureDefinition/UKCore-Observation-Group-Lab',
      'https://fhir.hl7.org.uk/StructureDefinition/UKCore-Observation-Lab',
    ]);
    expect(served.get('Bundle')).to.not.have.property('profile');
  });

  it('declares for each type exactly the interactions that work on it', async () => {
    const { seed } = await sandboxContent();
    for (const r of resources) {
      expect(r.interaction?.map((i) => i.code), r.type).to.deep.equal(['read', 'vread', 'update', 'delete', 'history-instance', 'history-type', 'create', 'search-type']);
      // Writes are validated against the type's UK Core profile: a seeded example of the type is a valid body.
      const sample = { ...seed.find((resource) => resource.resourceType === r.type), meta: undefined };
      const created = await fhir(sandbox, 'POST', `/${r.type}`, { body: { ...sample, id: undefined } });
      expect(created.status, `create ${r.type}`).to.equal(201);
      const id = (created.json as { id: string }).id;
      expect((await fhir(sandbox, 'GET', `/${r.type}/${id}`)).status, `read ${r.type}`).to.equal(200);
      expect((await fhir(sandbox, 'PUT', `/${r.type}/${id}`, { body: { ...sample, id }, headers: { 'if-match': 'W/"1"' } })).status, `update ${r.type}`).to.equal(200);
      expect((await fhir(sandbox, 'GET', `/${r.type}/${id}/_history/1`)).status, `vread ${r.type}`).to.equal(200);
      expect((await fhir(sandbox, 'GET', `/${r.type}/${id}/_history`)).json, `history-instance ${r.type}`).to.include({ total: 2 });
      expect((await fhir(sandbox, 'GET', `/${r.type}/_history?_count=1`)).status, `history-type ${r.type}`).to.equal(200);
      expect((await fhir(sandbox, 'GET', `/${r.type}?_id=${id}`)).json, `search-type ${r.type}`).to.include({ total: 1 });
      expect((await fhir(sandbox, 'DELETE', `/${r.type}/${id}`)).status, `delete ${r.type}`).to.equal(204);
      expect(r).to.include({ versioning: 'versioned-update', readHistory: true, updateCreate: true, conditionalCreate: true, conditionalUpdate: true, conditionalDelete: 'single' });
    }
  });

  it('declares search parameters that each point at their R4 core definition and are all evaluated', async () => {
    const coreDir = join(sharedDir, 'fhir-packages/hl7.fhir.r4.core#4.0.1/package');
    for (const r of resources) {
      const names = (r.searchParam ?? []).map((p) => p.name);
      expect(names.slice(0, 3), r.type).to.deep.equal(['_id', '_lastUpdated', '_profile']);
      const total = ((await fhir(sandbox, 'GET', `/${r.type}?_summary=count`)).json as { total: number }).total;
      for (const param of r.searchParam ?? []) {
        const definition = JSON.parse(readFileSync(join(coreDir, `SearchParameter-${param.definition?.split('/').pop() ?? ''}.json`), 'utf8')) as { code: string; type: string };
        expect(definition, `${r.type}.${param.name}`).to.include({ code: param.name, type: param.type });
        const present = await fhir(sandbox, 'GET', `/${r.type}?${param.name}:missing=false&_summary=count`);
        const absent = await fhir(sandbox, 'GET', `/${r.type}?${param.name}:missing=true&_summary=count`);
        expect(present.status, `${r.type}?${param.name}`).to.equal(200);
        expect((present.json as { total: number }).total + (absent.json as { total: number }).total, `${r.type}?${param.name}`).to.equal(total);
      }
    }
  });

  it('declares _include and _revinclude values that each work', async () => {
    for (const r of resources) {
      expect(r.searchInclude, r.type).to.not.deep.equal([]);
      expect(r.searchRevInclude, r.type).to.not.deep.equal([]);
      for (const include of r.searchInclude ?? []) {
        expect((await fhir(sandbox, 'GET', `/${r.type}?_count=1&_include=${include}`)).status, include).to.equal(200);
      }
      for (const revInclude of r.searchRevInclude ?? []) {
        expect((await fhir(sandbox, 'GET', `/${r.type}?_count=1&_revinclude=${revInclude}`)).status, revInclude).to.equal(200);
      }
    }
    const patient = resources.find((r) => r.type === 'Patient');
    expect(patient?.searchInclude).to.deep.equal(['Patient:general-practitioner']);
    expect(patient?.searchRevInclude).to.include.members(['Observation:patient', 'Observation:subject', 'AllergyIntolerance:patient']);
  });

  it('is valid against the R4 CapabilityStatement StructureDefinition (no error or fatal issue from Assay\'s validator)', async () => {
    const outcome = await (await sandboxProfiles()).validate(statement, { profiles: ['http://hl7.org/fhir/StructureDefinition/CapabilityStatement'] });
    expect(outcome.issue.filter((i) => i.severity === 'error' || i.severity === 'fatal')).to.deep.equal([]);
  });
});
