import { expect } from 'chai';
import { SignJWT, generateKeyPair } from 'jose';
import type { ProfileSet } from '../../profiles/index.js';
import type { TestResult } from '../../reports/model.js';
import fhirR4Rest from '../../suites/fhir-r4-rest/index.js';
import nhsApi from '../../suites/nhs-api/index.js';
import security from '../../suites/security/index.js';
import { nationalProfiles, sandboxToken, startSuiteSandbox } from './national-run.js';
import type { SuiteSandbox } from './national-run.js';
import { notPassing, runSuites } from './run-suite.js';

/**
 * fhir-r4-rest, nhs-api and security against the clean sandbox (auth on): no failure and no error, every
 * skip and omission explained; read-only by default, and a writable run leaves nothing behind.
 */
describe('the national suites against the clean sandbox', function () {
  this.timeout(120_000);
  let profiles: ProfileSet;
  let sandbox: SuiteSandbox;
  let offsetMs = 0;
  let writable: readonly TestResult[];
  let readOnly: readonly TestResult[];
  let patientsBefore: readonly string[];

  /** The ids of every Patient the sandbox holds. */
  async function patientIds(): Promise<string[]> {
    const token = await sandboxToken(sandbox.tokenUrl ?? '');
    const response = await fetch(`${sandbox.baseUrl}/Patient?_count=1000&_elements=id`, {
      headers: { authorization: `Bearer ${token}`, 'x-request-id': crypto.randomUUID(), accept: 'application/fhir+json' },
    });
    const bundle = (await response.json()) as { entry?: { resource?: { id?: string } }[] };
    return (bundle.entry ?? []).map((entry) => entry.resource?.id ?? '').sort();
  }

  before(async () => {
    ({ profiles } = await nationalProfiles());
    sandbox = await startSuiteSandbox(profiles, { auth: true, clock: () => new Date(Date.now() + offsetMs) });
    const tokenUrl = sandbox.tokenUrl ?? '';
    // A token the sandbox issued two hours ago: expired now. And a JWT for another API.
    offsetMs = -2 * 60 * 60 * 1000;
    const expiredToken = await sandboxToken(tokenUrl);
    offsetMs = 0;
    const { privateKey } = await generateKeyPair('RS256');
    const wrongAudienceToken = await new SignJWT({ scope: 'system/*.read' })
      .setProtectedHeader({ alg: 'RS256', kid: 'other' })
      .setIssuer(tokenUrl)
      .setAudience('https://another-api.example.nhs.uk')
      .setExpirationTime('5m')
      .sign(privateKey);
    const suites = [fhirR4Rest, nhsApi, security];
    const common = {
      baseUrl: sandbox.baseUrl,
      ...sandbox.credentials,
      profiles,
      inputs: { expiredToken: { env: 'EXPIRED' }, wrongAudienceToken: { env: 'WRONG_AUDIENCE' } },
      env: { EXPIRED: expiredToken, WRONG_AUDIENCE: wrongAudienceToken },
    };
    patientsBefore = await patientIds();
    writable = await runSuites(suites, { ...common, writable: true });
    readOnly = await runSuites(suites, { ...common, tests: ['fhir-r4-rest/*', 'nhs-api/*'], inputs: { resourceTypes: ['Patient'] } });
  });
  after(() => sandbox.close());

  it('fails and errors nowhere', () => {
    expect(notPassing(writable)).to.deep.equal([]);
    expect(sandbox.internalErrors).to.deep.equal([]);
  });

  it('runs every test of the three suites, and passes the expired and wrong-audience token checks', () => {
    expect(writable).to.have.length(65);
    const outcome = (id: string) => writable.find((r) => r.id === id)?.outcome;
    expect(outcome('security/auth/no-credentials')).to.equal('pass');
    expect(outcome('security/auth/expired-token')).to.equal('pass');
    expect(outcome('security/auth/wrong-audience')).to.equal('pass');
    expect(outcome('fhir-r4-rest/write/version-conflict')).to.equal('pass');
  });

  it('explains every skip and omission: here only the HTTPS checks of a plain HTTP target', () => {
    expect(notPassing(writable, ['skip', 'omit'])).to.deep.equal(
      ['tls-version', 'certificate', 'certificate-expiry', 'hsts'].map(
        (id) => `security/transport/${id} omit: the target is plain HTTP: transport security checks apply to HTTPS targets`,
      ),
    );
  });

  it('is read-only unless the target is declared writable: every write test is omitted, saying so', () => {
    expect(notPassing(readOnly)).to.deep.equal([]);
    const writes = readOnly.filter((r) => r.id.startsWith('fhir-r4-rest/write/') || r.id.startsWith('fhir-r4-rest/conditional/') || r.id.includes('if-match'));
    expect(writes).to.have.length(16);
    for (const result of writes) {
      expect(result.outcome, result.id).to.equal('omit');
      expect(result.message, result.id).to.match(/writable/);
    }
  });

  it('removes what the write tests created', async () => {
    expect(patientsBefore.length).to.be.greaterThan(1);
    expect(await patientIds()).to.deep.equal(patientsBefore);
  });
});
