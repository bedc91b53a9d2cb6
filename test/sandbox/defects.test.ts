import { expect } from 'chai';
import type { DefectId, Sandbox } from '../../sandbox/index.js';
import { defectCatalogue, parseDefects } from '../../sandbox/index.js';
import { startTestSandbox } from '../support/sandbox.js';

/**
 * Each defect must change exactly the behaviour it names and nothing else visible: a fixed battery of
 * probes runs against a clean sandbox and against one sandbox per defect (same clock, same ids), and the
 * probes whose answers differ must be exactly the ones the defect is expected to change.
 */
const probeNames = [
  'metadata', 'read', 'vread', 'search-page', 'search-count', 'history', 'patient-with-telecom', 'create', 'create-invalid-nhs-number',
  'update-stale', 'update-creates', 'delete-then-read', 'not-found', 'bad-search', 'accept-xml', 'body-as-text', 'no-request-id', 'no-token', 'malformed-json',
] as const;
type ProbeName = (typeof probeNames)[number];

interface Answer {
  readonly status: number;
  readonly headers: Readonly<Record<string, string>>;
  readonly body: string;
}
type Fingerprints = Readonly<Record<ProbeName, Answer>>;

const shownHeaders = ['content-type', 'etag', 'last-modified', 'location', 'x-request-id', 'x-correlation-id', 'access-control-allow-origin', 'access-control-allow-credentials', 'www-authenticate', 'allow'];
const richard = 'Patient/UKCore-Patient-RichardSmith-Example';
const nhs = 'https://fhir.nhs.uk/Id/nhs-number';
const errorProbes: ProbeName[] = ['create-invalid-nhs-number', 'update-stale', 'delete-then-read', 'not-found', 'bad-search', 'accept-xml', 'body-as-text', 'no-request-id', 'no-token', 'malformed-json'];
const allProbes = [...probeNames];
const patientsWithTelecomAndAddress: ProbeName[] = ['read', 'vread', 'search-page', 'history', 'patient-with-telecom'];

const expectations: Record<DefectId, { readonly changes: readonly ProbeName[]; readonly shows: (fp: Fingerprints) => void }> = {
  'no-etag': {
    changes: ['read', 'vread', 'patient-with-telecom', 'create', 'update-creates'],
    shows: (fp) => expect([fp.read.headers.etag, fp.create.headers.etag]).to.deep.equal([undefined, undefined]),
  },
  'location-without-history': { changes: ['create'], shows: (fp) => expect(fp.create.headers.location).to.equal('BASE/Patient/id-1') },
  'last-modified-not-http-date': {
    changes: ['read', 'vread', 'patient-with-telecom', 'create', 'update-creates'],
    shows: (fp) => expect(fp.read.headers['last-modified']).to.equal('2025-06-01T09:00:00.000Z'),
  },
  'deleted-returns-404': { changes: ['delete-then-read'], shows: (fp) => expect(fp['delete-then-read'].status).to.equal(404) },
  'ignores-if-match': { changes: ['update-stale'], shows: (fp) => expect(fp['update-stale'].status).to.equal(200) },
  'update-create-returns-200': { changes: ['update-creates'], shows: (fp) => expect(fp['update-creates'].status).to.equal(200) },
  'no-paging-links': {
    changes: ['search-page', 'history'],
    shows: (fp) => expect(JSON.parse(fp['search-page'].body)).to.have.deep.nested.property('link', [{ relation: 'self', url: 'BASE/Patient?_count=5' }]),
  },
  'no-full-url': {
    changes: ['search-page', 'history'],
    shows: (fp) => expect((JSON.parse(fp['search-page'].body) as { entry: object[] }).entry.some((e) => 'fullUrl' in e)).to.equal(false),
  },
  'ignores-count': {
    changes: ['search-page'],
    shows: (fp) => {
      const bundle = JSON.parse(fp['search-page'].body) as { total: number; entry: object[] };
      expect(bundle.entry).to.have.length(bundle.total);
    },
  },
  'invalid-capability-statement': { changes: ['metadata'], shows: (fp) => expect(JSON.parse(fp.metadata.body)).to.not.have.property('kind') },
  'error-as-plain-text': {
    changes: errorProbes,
    shows: (fp) => {
      expect(fp['not-found'].headers['content-type']).to.equal('text/plain; charset=utf-8');
      expect(fp['not-found'].body).to.equal('404 Patient/nope is not known to this server\n');
    },
  },
  'ignores-accept': { changes: ['accept-xml'], shows: (fp) => expect(fp['accept-xml'].status).to.equal(200) },
  'accepts-any-content-type': { changes: ['body-as-text'], shows: (fp) => expect(fp['body-as-text'].status).to.equal(201) },
  'wrong-content-type': { changes: allProbes, shows: (fp) => expect(fp.read.headers['content-type']).to.equal('application/json; charset=utf-8') },
  'ignores-x-request-id': {
    changes: allProbes.filter((p) => p !== 'no-request-id'),
    shows: (fp) => expect(fp.read.headers['x-request-id']).to.equal(undefined),
  },
  'accepts-missing-x-request-id': { changes: ['no-request-id'], shows: (fp) => expect(fp['no-request-id'].status).to.equal(200) },
  'ignores-x-correlation-id': { changes: allProbes, shows: (fp) => expect(fp.read.headers['x-correlation-id']).to.equal(undefined) },
  'error-without-nhs-code': {
    changes: errorProbes,
    shows: (fp) => expect(JSON.parse(fp['not-found'].body)).to.not.have.nested.property('issue[0].details.coding'),
  },
  'drops-must-support': {
    changes: patientsWithTelecomAndAddress,
    shows: (fp) => expect(JSON.parse(fp['patient-with-telecom'].body)).to.not.have.property('telecom'),
  },
  'serves-profile-violations': {
    changes: patientsWithTelecomAndAddress,
    shows: (fp) => expect(JSON.parse(fp.read.body)).to.have.nested.property('address[0].use', 'residential'),
  },
  'accepts-invalid-nhs-number': { changes: ['create-invalid-nhs-number'], shows: (fp) => expect(fp['create-invalid-nhs-number'].status).to.equal(201) },
  'auth-optional': { changes: ['no-token'], shows: (fp) => expect(fp['no-token'].status).to.equal(200) },
  'leaks-stack-trace': {
    changes: errorProbes,
    shows: (fp) => expect(JSON.parse(fp['not-found'].body)).to.have.nested.property('issue[0].diagnostics').that.matches(/\n\s+at .+\.ts:\d+:\d+/),
  },
  '500-on-bad-search-param': { changes: ['bad-search'], shows: (fp) => expect(fp['bad-search'].status).to.equal(500) },
  'cors-wildcard-with-credentials': {
    changes: allProbes,
    shows: (fp) => expect(fp.read.headers).to.include({ 'access-control-allow-origin': '*', 'access-control-allow-credentials': 'true' }),
  },
};

async function fingerprint(defects: readonly DefectId[]): Promise<Fingerprints> {
  let ids = 0;
  const sandbox: Sandbox & { internalErrors: unknown[] } = await startTestSandbox({
    defects,
    clock: () => new Date('2025-06-01T09:00:00.000Z'),
    newId: () => `id-${++ids}`,
    auth: { clients: [{ clientId: 'probe', clientSecret: 'probe-secret' }] },
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
    results.history = await call('GET', `${richard}/_history`);
    results['patient-with-telecom'] = await call('GET', 'Patient/UKCore-Patient-BabyPatient-Example');
    results.create = await call('POST', 'Patient', { body: patient({ identifier: [{ system: nhs, value: '9000000009' }] }) });
    results['create-invalid-nhs-number'] = await call('POST', 'Patient', { body: patient({ identifier: [{ system: nhs, value: '9000000008' }] }) });
    results['update-stale'] = await call('PUT', 'Organization/UKCore-Organization-LeedsTeachingHospital-Example', {
      body: JSON.stringify({ resourceType: 'Organization', id: 'UKCore-Organization-LeedsTeachingHospital-Example', name: 'Stale' }),
      headers: { 'if-match': 'W/"5"' },
    });
    results['update-creates'] = await call('PUT', 'Slot/by-put', { body: JSON.stringify({ resourceType: 'Slot', id: 'by-put' }) });
    await call('DELETE', 'Slot/by-put');
    results['delete-then-read'] = await call('GET', 'Slot/by-put');
    results['not-found'] = await call('GET', 'Patient/nope');
    results['bad-search'] = await call('GET', "Patient?birthdate=1970'%20OR%201=1");
    results['accept-xml'] = await call('GET', richard, { headers: { accept: 'application/fhir+xml' } });
    results['body-as-text'] = await call('POST', 'Patient', { body: patient({}), headers: { 'content-type': 'text/plain' } });
    results['no-request-id'] = await call('GET', richard, { noRequestId: true });
    results['no-token'] = await call('GET', richard, { noToken: true });
    results['malformed-json'] = await call('POST', 'Patient', { body: '{"resourceType":' });
    expect(sandbox.internalErrors).to.deep.equal([]);
    return results as Fingerprints;
  } finally {
    await sandbox.close();
  }
}

/** Takes out what differs between any two sandboxes: the port and the random ids of Bundles. */
function normalise(sandbox: Sandbox, text: string): string {
  const origin = new URL(sandbox.baseUrl).origin;
  return text.replaceAll(origin, '').replaceAll('/fhir', 'BASE').replace(/"id":"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}"/g, '"id":"BUNDLE"');
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
      metadata: 200, read: 200, vread: 200, 'search-page': 200, 'search-count': 200, history: 200, 'patient-with-telecom': 200, create: 201,
      'create-invalid-nhs-number': 422, 'update-stale': 412, 'update-creates': 201, 'delete-then-read': 410, 'not-found': 404, 'bad-search': 400,
      'accept-xml': 406, 'body-as-text': 415, 'no-request-id': 400, 'no-token': 401, 'malformed-json': 400,
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
