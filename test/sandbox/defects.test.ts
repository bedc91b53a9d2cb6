import { expect } from 'chai';
import type { DefectId, Sandbox } from '../../sandbox/index.js';
import { defectCatalogue, parseDefects } from '../../sandbox/index.js';
import { startTestSandbox, validSlot } from '../support/sandbox.js';

/**
 * Each defect must change exactly the behaviour it names and nothing else visible: a fixed battery of
 * probes runs against a clean sandbox and against one sandbox per defect (same clock, same ids), and the
 * probes whose answers differ must be exactly the ones the defect is expected to change.
 */
const probeNames = [
  'metadata', 'read', 'vread', 'search-page', 'search-count', 'search-birthdate', 'include', 'post-search', 'history', 'patient-with-telecom',
  'create', 'conditional-create', 'create-invalid-nhs-number', 'update-stale', 'update-creates', 'delete-then-read', 'history-two-versions',
  'not-found', 'bad-search', 'accept-xml', 'body-as-text', 'no-request-id', 'malformed-request-id', 'no-token', 'malformed-json', 'huge-body',
  'update-no-if-match', 'update-wrong-id',
] as const;
type ProbeName = (typeof probeNames)[number];

interface Answer {
  readonly status: number;
  readonly headers: Readonly<Record<string, string>>;
  readonly body: string;
}
type Fingerprints = Readonly<Record<ProbeName, Answer>>;

const shownHeaders = ['content-type', 'etag', 'last-modified', 'location', 'x-request-id', 'x-correlation-id', 'access-control-allow-origin', 'access-control-allow-credentials', 'www-authenticate', 'allow', 'server'];
const richard = 'Patient/UKCore-Patient-RichardSmith-Example';
const nhs = 'https://fhir.nhs.uk/Id/nhs-number';
const leeds = 'UKCore-Organization-LeedsTeachingHospital-Example';
const whiteRose = 'UKCore-Organization-WhiteRoseMedicalCentre-Example';
const errorProbes: ProbeName[] = [
  'create-invalid-nhs-number', 'update-stale', 'delete-then-read', 'not-found', 'bad-search', 'accept-xml', 'body-as-text', 'no-request-id',
  'malformed-request-id', 'no-token', 'malformed-json', 'huge-body', 'update-no-if-match', 'update-wrong-id',
];
const allProbes = [...probeNames];
const versionHeaderProbes: ProbeName[] = ['read', 'vread', 'patient-with-telecom', 'create', 'conditional-create', 'update-creates'];
const searchProbes: ProbeName[] = ['search-page', 'search-birthdate', 'include', 'post-search'];
const showingRichardSmith: ProbeName[] = ['read', 'vread', 'search-page', 'search-birthdate', 'include', 'post-search', 'history', 'patient-with-telecom', 'conditional-create'];
const status = (probe: ProbeName, expected: number) => (fp: Fingerprints) => expect(fp[probe].status, probe).to.equal(expected);
const body = (fp: Fingerprints, probe: ProbeName) => JSON.parse(fp[probe].body) as Record<string, unknown>;

const expectations: Record<DefectId, { readonly changes: readonly ProbeName[]; readonly shows: (fp: Fingerprints) => void }> = {
  'location-without-history': { changes: ['create'], shows: (fp) => expect(fp.create.headers.location).to.match(/^BASE\/Patient\/[^/]+$/) },
  'create-keeps-client-id': { changes: ['create'], shows: (fp) => expect(body(fp, 'create').id).to.equal('client-chosen') },
  'last-modified-not-http-date': { changes: versionHeaderProbes, shows: (fp) => expect(fp.read.headers['last-modified']).to.equal('2025-06-01T09:00:00.000Z') },
  'update-accepts-wrong-id': { changes: ['update-wrong-id'], shows: status('update-wrong-id', 200) },
  'update-create-returns-200': { changes: ['update-creates'], shows: status('update-creates', 200) },
  'ignores-if-match': { changes: ['update-stale'], shows: status('update-stale', 200) },
  'deleted-returns-404': { changes: ['delete-then-read'], shows: status('delete-then-read', 404) },
  'conditional-create-duplicates': { changes: ['conditional-create'], shows: status('conditional-create', 201) },
  'history-oldest-first': {
    changes: ['history-two-versions'],
    shows: (fp) => expect(body(fp, 'history-two-versions')).to.have.nested.property('entry[0].request.method', 'PUT'),
  },
  'ignores-search-param': { changes: ['search-birthdate'], shows: (fp) => expect(body(fp, 'search-birthdate').total).to.be.greaterThan(1) },
  'self-link-drops-params': {
    changes: [...searchProbes, 'search-count'],
    shows: (fp) => expect(body(fp, 'search-page')).to.have.nested.property('link[0].url', 'BASE/Patient'),
  },
  'no-full-url': {
    changes: [...searchProbes, 'history', 'history-two-versions'],
    shows: (fp) => expect((body(fp, 'search-page').entry as object[]).some((e) => 'fullUrl' in e)).to.equal(false),
  },
  'post-search-unsupported': { changes: ['post-search'], shows: status('post-search', 405) },
  'ignores-count': {
    changes: ['search-page', 'include'],
    shows: (fp) => expect(body(fp, 'search-page').entry).to.have.length(body(fp, 'search-page').total as number),
  },
  'no-paging-links': {
    changes: [...searchProbes, 'history', 'history-two-versions'],
    shows: (fp) => expect((body(fp, 'search-page').link as { relation: string }[]).map((l) => l.relation)).to.deep.equal(['self']),
  },
  'ignores-include': {
    changes: ['include'],
    shows: (fp) => expect((body(fp, 'include').entry as { search: { mode: string } }[]).every((e) => e.search.mode === 'match')).to.equal(true),
  },
  'invalid-capability-statement': { changes: ['metadata'], shows: (fp) => expect(body(fp, 'metadata')).to.not.have.property('kind') },
  'no-charset': { changes: allProbes, shows: (fp) => expect(fp.read.headers['content-type']).to.not.contain('charset') },
  'ignores-accept': { changes: ['accept-xml'], shows: status('accept-xml', 200) },
  'accepts-any-content-type': { changes: ['body-as-text'], shows: status('body-as-text', 201) },
  'error-as-plain-text': {
    changes: errorProbes,
    shows: (fp) => {
      expect(fp['not-found'].headers['content-type']).to.equal('text/plain; charset=utf-8');
      expect(fp['not-found'].body).to.equal('404 Patient/nope is not known to this server\n');
    },
  },
  'accepts-missing-x-request-id': { changes: ['no-request-id'], shows: status('no-request-id', 200) },
  'accepts-malformed-x-request-id': { changes: ['malformed-request-id'], shows: status('malformed-request-id', 200) },
  'ignores-x-request-id': { changes: allProbes.filter((p) => p !== 'no-request-id'), shows: (fp) => expect(fp.read.headers['x-request-id']).to.equal(undefined) },
  'ignores-x-correlation-id': { changes: allProbes, shows: (fp) => expect(fp.read.headers['x-correlation-id']).to.equal(undefined) },
  'wrong-content-type': { changes: allProbes, shows: (fp) => expect(fp.read.headers['content-type']).to.match(/^application\/json\b/) },
  'error-without-nhs-code': { changes: errorProbes, shows: (fp) => expect(body(fp, 'not-found')).to.not.have.nested.property('issue[0].details.coding') },
  'no-etag': { changes: versionHeaderProbes, shows: (fp) => expect([fp.read.headers.etag, fp.create.headers.etag]).to.deep.equal([undefined, undefined]) },
  'if-match-optional': { changes: ['update-no-if-match'], shows: status('update-no-if-match', 200) },
  'drops-must-support': { changes: showingRichardSmith, shows: (fp) => expect(body(fp, 'patient-with-telecom')).to.not.have.property('telecom') },
  'serves-profile-violations': { changes: showingRichardSmith, shows: (fp) => expect(body(fp, 'read')).to.have.nested.property('address[0].use', 'residential') },
  'accepts-invalid-nhs-number': { changes: ['create-invalid-nhs-number'], shows: status('create-invalid-nhs-number', 201) },
  'auth-optional': { changes: ['no-token'], shows: status('no-token', 200) },
  'leaks-stack-trace': {
    changes: errorProbes,
    shows: (fp) => expect(body(fp, 'not-found')).to.have.nested.property('issue[0].diagnostics').that.matches(/\n\s+at .+\.ts:\d+:\d+/),
  },
  'server-version-header': { changes: allProbes, shows: (fp) => expect(fp.read.headers.server).to.match(/^Assay-Sandbox\/\S+ Node\.js\/v\d+/) },
  'cors-wildcard-with-credentials': {
    changes: allProbes,
    shows: (fp) => expect(fp.read.headers).to.include({ 'access-control-allow-origin': '*', 'access-control-allow-credentials': 'true' }),
  },
  '500-on-bad-search-param': { changes: ['bad-search'], shows: status('bad-search', 500) },
  '500-on-huge-body': { changes: ['huge-body'], shows: status('huge-body', 500) },
};

async function fingerprint(defects: readonly DefectId[]): Promise<Fingerprints> {
  let ids = 0;
  const sandbox: Sandbox & { internalErrors: unknown[] } = await startTestSandbox({
    defects,
    clock: () => new Date('2025-06-01T09:00:00.000Z'),
    newId: () => `id-${++ids}`,
    auth: { clients: [{ clientId: 'probe', clientSecret: 'probe-secret' }] },
    limits: { maxBodyBytes: 64 * 1024 },
  });
  try {
    const tokenAnswer = await fetch(sandbox.tokenUrl ?? '', {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: 'grant_type=client_credentials&client_id=probe&client_secret=probe-secret',
    });
    const { access_token: token } = (await tokenAnswer.json()) as { access_token: string };
    let n = 0;
    const call = async (method: string, path: string, options: { body?: string; headers?: Record<string, string>; noToken?: boolean; noRequestId?: boolean } = {}): Promise<Answer> => {
      const headers: Record<string, string> = {
        'x-correlation-id': `corr-${++n}`,
        ...(options.noRequestId === true ? {} : { 'x-request-id': `00000000-0000-4000-8000-${String(n).padStart(12, '0')}` }),
        ...(options.noToken === true ? {} : { authorization: `Bearer ${token}` }),
        ...(options.body === undefined ? {} : { 'content-type': 'application/fhir+json' }),
        ...options.headers,
      };
      const response = await fetch(`${sandbox.baseUrl}/${path}`, { method, headers, ...(options.body === undefined ? {} : { body: options.body }) });
      const shown = Object.fromEntries(shownHeaders.flatMap((h) => (response.headers.has(h) ? [[h, normalise(sandbox, response.headers.get(h) ?? '')]] : [])));
      return { status: response.status, headers: shown, body: normalise(sandbox, await response.text()) };
    };
    const patient = (extra: object) => JSON.stringify({ resourceType: 'Patient', ...extra });
    const results: Partial<Record<ProbeName, Answer>> = {};
    results.metadata = await call('GET', 'metadata');
    results.read = await call('GET', richard);
    results.vread = await call('GET', `${richard}/_history/1`);
    results['search-page'] = await call('GET', 'Patient?_count=5');
    results['search-count'] = await call('GET', 'Patient?_summary=count');
    results['search-birthdate'] = await call('GET', 'Patient?birthdate=1970-09-11');
    results.include = await call('GET', 'Observation?patient=UKCore-Patient-RichardSmith-Example&_include=Observation:patient&_count=3');
    results['post-search'] = await call('POST', 'Patient/_search', { body: 'family=smith', headers: { 'content-type': 'application/x-www-form-urlencoded' } });
    results.history = await call('GET', `${richard}/_history`);
    results['patient-with-telecom'] = await call('GET', 'Patient/UKCore-Patient-BabyPatient-Example');
    results.create = await call('POST', 'Patient', { body: patient({ id: 'client-chosen', identifier: [{ system: nhs, value: '9000000009' }] }) });
    results['conditional-create'] = await call('POST', 'Patient', { body: patient({}), headers: { 'if-none-exist': `identifier=${nhs}|9912003888` } });
    results['create-invalid-nhs-number'] = await call('POST', 'Patient', { body: patient({ identifier: [{ system: nhs, value: '9000000008' }] }) });
    results['update-stale'] = await call('PUT', `Organization/${leeds}`, { body: JSON.stringify({ resourceType: 'Organization', id: leeds, name: 'Stale' }), headers: { 'if-match': 'W/"5"' } });
    results['update-creates'] = await call('PUT', 'Slot/by-put', { body: JSON.stringify({ ...validSlot, id: 'by-put' }) });
    await call('DELETE', 'Slot/by-put');
    results['delete-then-read'] = await call('GET', 'Slot/by-put');
    results['history-two-versions'] = await call('GET', 'Slot/by-put/_history');
    results['not-found'] = await call('GET', 'Patient/nope');
    results['bad-search'] = await call('GET', "Patient?_lastUpdated=1970'%20OR%201=1");
    results['accept-xml'] = await call('GET', richard, { headers: { accept: 'application/fhir+xml' } });
    results['body-as-text'] = await call('POST', 'Patient', { body: patient({}), headers: { 'content-type': 'text/plain' } });
    results['no-request-id'] = await call('GET', richard, { noRequestId: true });
    results['malformed-request-id'] = await call('GET', richard, { headers: { 'x-request-id': 'not-a-uuid' } });
    results['no-token'] = await call('GET', richard, { noToken: true });
    results['malformed-json'] = await call('POST', 'Patient', { body: '{"resourceType":' });
    results['huge-body'] = await call('POST', 'Patient', { body: patient({ text: 'x'.repeat(70 * 1024) }) });
    // Last, as they change stored resources when a defect lets them through.
    results['update-no-if-match'] = await call('PUT', `Organization/${whiteRose}`, { body: JSON.stringify({ resourceType: 'Organization', id: whiteRose, name: 'Unversioned' }) });
    results['update-wrong-id'] = await call('PUT', richard, { body: patient({ id: 'someone-else' }), headers: { 'if-match': 'W/"1"' } });
    expect(sandbox.internalErrors).to.deep.equal([]);
    return results as Fingerprints;
  } finally {
    await sandbox.close();
  }
}

/** Takes out what differs between any two sandboxes: the port and the random ids of Bundles. */
function normalise(sandbox: Sandbox, text: string): string {
  return text.replaceAll(sandbox.baseUrl, 'BASE').replaceAll(new URL(sandbox.baseUrl).origin, 'ORIGIN').replace(/"id":"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}"/g, '"id":"BUNDLE"');
}

function differing(clean: Fingerprints, other: Fingerprints): ProbeName[] {
  return probeNames.filter((name) => JSON.stringify(clean[name]) !== JSON.stringify(other[name]));
}

describe('sandbox: named defects', () => {
  let clean: Fingerprints;
  before(async () => {
    clean = await fingerprint([]);
  });

  it('each has a description and names the suite and requirement it breaks', () => {
    expect(defectCatalogue.length).to.be.greaterThanOrEqual(15);
    for (const defect of defectCatalogue) {
      expect(defect.id, defect.id).to.match(/^[a-z0-9]+(-[a-z0-9]+)*$/);
      expect(defect.breaks[0], defect.id).to.be.oneOf(['fhir-r4-rest', 'uk-core', 'nhs-api', 'security']);
      expect(defect.breaks[1], defect.id).to.match(/^(R4-REST|UKCORE|NHS-API|SEC)-[A-Z0-9-]+$/);
    }
    expect(new Set(defectCatalogue.map((d) => d.breaks.join(' '))).size).to.equal(defectCatalogue.length);
  });

  it('the clean sandbox answers the battery as a conformant server does', () => {
    expect(Object.fromEntries(probeNames.map((p) => [p, clean[p].status]))).to.deep.equal({
      metadata: 200, read: 200, vread: 200, 'search-page': 200, 'search-count': 200, 'search-birthdate': 200, include: 200, 'post-search': 200,
      history: 200, 'patient-with-telecom': 200, create: 201, 'conditional-create': 200, 'create-invalid-nhs-number': 422, 'update-stale': 412,
      'update-creates': 201, 'delete-then-read': 410, 'history-two-versions': 200, 'not-found': 404, 'bad-search': 400, 'accept-xml': 406,
      'body-as-text': 415, 'no-request-id': 400, 'malformed-request-id': 400, 'no-token': 401, 'malformed-json': 400, 'huge-body': 413,
      'update-no-if-match': 412, 'update-wrong-id': 400,
    });
    for (const [defect, { shows }] of Object.entries(expectations)) expect(() => shows(clean), `${defect} already visible when clean`).to.throw();
  });

  for (const { id } of defectCatalogue) {
    it(`${id} changes exactly what it names`, async () => {
      const broken = await fingerprint([id]);
      expectations[id].shows(broken);
      expect(differing(clean, broken)).to.deep.equal(probeNames.filter((p) => expectations[id].changes.includes(p)));
    });
  }

  it('combined, each defect still shows (error-as-plain-text aside: it hides the OperationOutcome the others change)', async () => {
    const combined = defectCatalogue.map((d) => d.id).filter((id) => id !== 'error-as-plain-text');
    const broken = await fingerprint(combined);
    for (const id of combined) expect(() => expectations[id].shows(broken), id).to.not.throw();
  });

  it('parses --defect lists and refuses an unknown name, listing the valid ones', () => {
    expect([...parseDefects(['no-etag,ignores-if-match', ' no-etag '])]).to.deep.equal(['no-etag', 'ignores-if-match']);
    expect(() => parseDefects(['no-etags'])).to.throw(`unknown sandbox defect "no-etags"`);
  });
});
