import { expect } from 'chai';
import type { Sandbox } from '../../../sandbox/index.js';
import { fhir, nhsCode, startTestSandbox } from '../../support/sandbox.js';

interface Searchset {
  type: string;
  total: number;
  link: { relation: string; url: string }[];
  entry?: { fullUrl: string; resource: { resourceType: string; id: string; meta?: { tag?: unknown[] } } & Record<string, unknown>; search: { mode: string } }[];
}

const richard = 'UKCore-Patient-RichardSmith-Example';
const spine = 'https://fhir.nhs.uk/CodeSystem/England-SpineErrorOrWarningCode';

describe('sandbox: search (R4 search.html)', () => {
  let sandbox: Sandbox & { internalErrors: unknown[] };
  const search = async (query: string, headers: Record<string, string> = {}) => {
    const answer = await fhir(sandbox, 'GET', query, { headers });
    expect(answer.status, answer.text).to.equal(200);
    return answer.json as unknown as Searchset;
  };
  const ids = (bundle: Searchset, mode = 'match') => (bundle.entry ?? []).filter((e) => e.search.mode === mode).map((e) => `${e.resource.resourceType}/${e.resource.id}`);

  before(async () => {
    sandbox = await startTestSandbox();
  });
  after(() => sandbox.close());
  afterEach(() => expect(sandbox.internalErrors).to.deep.equal([]));

  describe('parameter types', () => {
    it('token: system|code, code alone, |code and system|', async () => {
      const nhs = 'https://fhir.nhs.uk/Id/nhs-number';
      expect(ids(await search(`/Patient?identifier=${nhs}|9912003888`))).to.deep.equal([`Patient/${richard}`]);
      expect(ids(await search('/Patient?identifier=9912003888'))).to.deep.equal([`Patient/${richard}`]);
      expect(ids(await search('/Patient?identifier=|9912003888'))).to.deep.equal([]);
      expect(ids(await search(`/Patient?identifier=${nhs}|`))).to.include(`Patient/${richard}`);
      expect(ids(await search('/Patient?gender=male'))).to.include(`Patient/${richard}`);
    });

    it('token :not and :text', async () => {
      const notMale = ids(await search('/Patient?gender:not=male&_count=100'));
      expect(notMale).to.not.include(`Patient/${richard}`);
      expect(notMale).to.have.length((await search('/Patient?_summary=count')).total - (await search('/Patient?gender=male&_summary=count')).total);
      expect(ids(await search('/Observation?code:text=nucleated%20red'))).to.have.members([
        'Observation/UKCore-Observation-Lab-RedCellCount-Example',
        'Observation/UKCore-Observation-Lab-Sn-AbsentData-Example',
      ]);
    });

    it('string: starts-with ignoring case and accents, :exact, :contains', async () => {
      expect(ids(await search('/Patient?family=smi'))).to.include(`Patient/${richard}`);
      expect(ids(await search('/Patient?family=SMÍTH'))).to.include(`Patient/${richard}`);
      expect(ids(await search('/Patient?family:exact=Smith'))).to.deep.equal([]);
      expect(ids(await search('/Patient?family:exact=SMITH'))).to.include(`Patient/${richard}`);
      expect(ids(await search('/Patient?name:contains=MIT'))).to.include(`Patient/${richard}`);
      expect(ids(await search('/Patient?family=mith'))).to.not.include(`Patient/${richard}`);
    });

    it('date: precision as a range, and the prefixes', async () => {
      const richardIn = async (query: string) => ids(await search(`/Patient?${query}&_count=100`)).includes(`Patient/${richard}`);
      expect(await richardIn('birthdate=1970-09-11')).to.equal(true);
      expect(await richardIn('birthdate=1970-09')).to.equal(true);
      expect(await richardIn('birthdate=1970')).to.equal(true);
      expect(await richardIn('birthdate=1970-09-12')).to.equal(false);
      expect(await richardIn('birthdate=gt1970-09-10')).to.equal(true);
      expect(await richardIn('birthdate=lt1970-09-11')).to.equal(false);
      expect(await richardIn('birthdate=ge1970-09-11&birthdate=le1970-09-11')).to.equal(true);
      expect(await richardIn('birthdate=ne1970-09-11')).to.equal(false);
      expect(await richardIn('birthdate=sa1970-09-10')).to.equal(true);
      expect(await richardIn('birthdate=eb1970-09-12')).to.equal(true);
      expect(await richardIn('birthdate=ap1970-09-10')).to.equal(true);
    });

    it('reference: Type/id, id, absolute URL, the :Type modifier and :missing', async () => {
      const byRef = ids(await search(`/Observation?subject=Patient/${richard}&_count=100`));
      expect(byRef.length).to.be.greaterThan(1);
      expect(ids(await search(`/Observation?patient=${richard}&_count=100`))).to.deep.equal(byRef);
      expect(ids(await search(`/Observation?subject=${encodeURIComponent(`${sandbox.baseUrl}/Patient/${richard}`)}&_count=100`))).to.deep.equal(byRef);
      expect(ids(await search(`/Observation?subject:Patient=${richard}&_count=100`))).to.deep.equal(byRef);
      const missing = await search('/Observation?subject:missing=true&_count=100');
      const present = await search('/Observation?subject:missing=false&_count=100');
      expect(missing.total + present.total).to.equal((await search('/Observation?_summary=count')).total);
    });

    it('uri: _profile finds the instances of each UK Core profile', async () => {
      const lab = await search('/Observation?_profile=https://fhir.hl7.org.uk/StructureDefinition/UKCore-Observation-Lab');
      expect(ids(lab)).to.have.members([
        'Observation/UKCore-Observation-Lab-RedCellCount-Example',
        'Observation/UKCore-Observation-Lab-Sn-AbsentData-Example',
        'Observation/UKCore-Observation-Lab-WhiteCellCount-Example',
      ]);
    });

    it('_id and _lastUpdated', async () => {
      expect(ids(await search(`/Patient?_id=${richard}`))).to.deep.equal([`Patient/${richard}`]);
      expect((await search('/Patient?_lastUpdated=gt2000-01-01&_summary=count')).total).to.equal((await search('/Patient?_summary=count')).total);
    });

    it('ANDs repeated parameters and ORs comma-separated values', async () => {
      const either = ids(await search('/Patient?gender=male,female&_count=100'));
      expect(either).to.include(`Patient/${richard}`);
      expect(ids(await search('/Patient?gender=male&gender=female'))).to.deep.equal([]);
    });
  });

  describe('paging', () => {
    it('pages with _count: self, first, next, last links that walk every match once, each entry with its fullUrl', async () => {
      let bundle = await search('/Patient?_count=10');
      expect(bundle.link.map((l) => l.relation)).to.deep.equal(['self', 'first', 'next', 'last']);
      expect(bundle.link[0]?.url).to.equal(`${sandbox.baseUrl}/Patient?_count=10`);
      const seen = ids(bundle);
      for (let next = bundle.link.find((l) => l.relation === 'next'); next !== undefined; next = bundle.link.find((l) => l.relation === 'next')) {
        const answer = await fetch(next.url, { headers: { 'x-request-id': crypto.randomUUID() } });
        bundle = (await answer.json()) as Searchset;
        expect(bundle.link.map((l) => l.relation)).to.include('previous');
        seen.push(...ids(bundle));
      }
      expect(seen).to.have.length(bundle.total);
      expect(new Set(seen).size).to.equal(bundle.total);
      for (const e of bundle.entry ?? []) expect(e.fullUrl).to.equal(`${sandbox.baseUrl}/${e.resource.resourceType}/${e.resource.id}`);
    });

    it('caps _count at 100 and says so in the self link', async () => {
      const bundle = await search('/Patient?_count=500');
      expect(bundle.link[0]?.url).to.equal(`${sandbox.baseUrl}/Patient?_count=100`);
    });

    it('_summary=count gives the total and no entries', async () => {
      const bundle = await search('/Patient?_summary=count');
      expect(bundle.total).to.be.greaterThanOrEqual(24);
      expect(bundle).to.not.have.property('entry');
    });

    it('the self link carries only the parameters the search used (lenient handling ignores unknown ones)', async () => {
      const bundle = await search('/Patient?family=smith&unknown-param=1&_sort=name');
      expect(bundle.link[0]?.url).to.equal(`${sandbox.baseUrl}/Patient?family=smith`);
    });
  });

  describe('_include, _revinclude, _summary, _elements', () => {
    it('_include adds the referenced patient once, as mode include', async () => {
      const bundle = await search(`/Observation?patient=${richard}&_include=Observation:patient`);
      expect(ids(bundle, 'include')).to.deep.equal([`Patient/${richard}`]);
    });

    it('_include with a target type, and _revinclude', async () => {
      expect(ids(await search(`/Observation?patient=${richard}&_include=Observation:subject:Patient`), 'include')).to.deep.equal([`Patient/${richard}`]);
      const rev = await search(`/Patient?_id=${richard}&_revinclude=AllergyIntolerance:patient`);
      expect(ids(rev, 'include').length).to.be.greaterThan(0);
      expect(ids(rev, 'include').every((id) => id.startsWith('AllergyIntolerance/'))).to.equal(true);
    });

    it('_elements keeps the named elements, id, meta and mandatory ones, tagged SUBSETTED', async () => {
      const [entry] = (await search(`/Patient?_id=${richard}&_elements=name`)).entry ?? [];
      expect(Object.keys(entry?.resource ?? {}).sort()).to.deep.equal(['id', 'meta', 'name', 'resourceType']);
      expect(entry?.resource.meta?.tag).to.deep.include({ system: 'http://terminology.hl7.org/CodeSystem/v3-ObservationValue', code: 'SUBSETTED', display: 'Resource encoded in summary mode' });
      const [observation] = (await search('/Observation?_id=UKCore-Observation-Lab-RedCellCount-Example&_elements=value')).entry ?? [];
      expect(Object.keys(observation?.resource ?? {})).to.include.members(['valueQuantity', 'status', 'code']);
    });

    it('_summary=true keeps the summary elements only; _summary=data drops text', async () => {
      const [summary] = (await search(`/Patient?_id=${richard}&_summary=true`)).entry ?? [];
      expect(summary?.resource).to.have.property('name');
      expect(summary?.resource).to.not.have.property('contact');
      expect(summary?.resource).to.not.have.property('text');
      const [data] = (await search(`/Patient?_id=${richard}&_summary=data`)).entry ?? [];
      expect(data?.resource).to.have.property('contact');
      expect(data?.resource).to.not.have.property('text');
    });

    it('_elements and _summary apply on read too', async () => {
      const answer = await fhir(sandbox, 'GET', `/Patient/${richard}?_elements=gender`);
      expect(Object.keys(answer.json ?? {}).sort()).to.deep.equal(['gender', 'id', 'meta', 'resourceType']);
    });
  });

  describe('POST _search', () => {
    it('takes the parameters as a form and finds the same as GET', async () => {
      const answer = await fhir(sandbox, 'POST', '/Patient/_search', { body: 'family=smith', headers: { 'content-type': 'application/x-www-form-urlencoded' } });
      expect(answer.status).to.equal(200);
      expect(ids(answer.json as unknown as Searchset)).to.deep.equal(ids(await search('/Patient?family=smith')));
    });

    it('refuses a body that is not a form with 415', async () => {
      const answer = await fhir(sandbox, 'POST', '/Patient/_search', { body: { family: 'smith' } });
      expect(answer.status).to.equal(415);
    });
  });

  describe('errors', () => {
    const refused = async (query: string, text: string, headers: Record<string, string> = {}) => {
      const answer = await fhir(sandbox, 'GET', query, { headers });
      expect(answer.status).to.equal(400);
      expect(nhsCode(answer.json)).to.equal(`${spine}|INVALID_SEARCH_DATA`);
      expect(answer.json?.issue).to.have.nested.property('[0].details.text', text);
    };

    it('a malformed date, _count or modifier is 400 INVALID_SEARCH_DATA naming it', async () => {
      await refused('/Patient?birthdate=1970-13-01', 'birthdate=1970-13-01 is not a FHIR date (e.g. 2021-03-04, ge2021-03-04T10:00:00Z)');
      await refused("/Patient?birthdate=1970'%20OR%20'1'='1", "birthdate=1970' OR '1'='1 is not a FHIR date (e.g. 2021-03-04, ge2021-03-04T10:00:00Z)");
      await refused('/Patient?_count=-1', '_count=-1 is not a non-negative integer');
      await refused('/Patient?family:below=x', 'family:below: the modifier :below is not supported for family (a string parameter)');
      await refused('/Observation?subject=Medication/x', 'subject=Medication/x: subject does not refer to Medication (it refers to Group, Device, Patient, Location)');
      await refused('/Observation?_include=Observation:code', '_include=Observation:code is not SourceType:referenceParameter[:TargetType] with a reference parameter this server supports');
      await refused('/Patient?gender:missing=maybe', 'gender:missing=maybe: :missing takes true or false');
    });

    it('a strict search still takes the general parameters _pretty and _total', async () => {
      const answer = await fhir(sandbox, 'GET', '/Patient?family=smith&_pretty=true&_total=accurate', { headers: { prefer: 'handling=strict' } });
      expect(answer.status).to.equal(200);
      expect(answer.json).to.have.nested.property('link[0].url', `${sandbox.baseUrl}/Patient?family=smith`);
    });

    it('an unknown parameter is 400 with Prefer: handling=strict', async () => {
      await refused('/Patient?shoe-size=9', 'shoe-size is not a search parameter this server supports for Patient (Prefer: handling=strict)', { prefer: 'handling=strict' });
    });
  });
});
