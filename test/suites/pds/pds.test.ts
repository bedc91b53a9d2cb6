import { expect } from 'chai';
import type { TestResult } from '../../../reports/model.js';
import pds from '../../../suites/pds/index.js';
import type { PdsFixture, PdsMisbehaviour } from '../../fixtures/pds/index.js';
import { pdsMisbehaviours, startPdsFixture } from '../../fixtures/pds/index.js';
import { notPassing, runSuite } from '../run-suite.js';

const scope = { apiPacks: ['pds'] };

describe('the pds suite against the PDS fixture', () => {
  let fixture: PdsFixture;
  let results: readonly TestResult[];

  before(async () => {
    fixture = await startPdsFixture();
    results = await runSuite(pds, { baseUrl: fixture.baseUrl, writable: true, scope });
  });

  after(() => fixture.close());

  it('passes every test: each scenario of the specification is exercised and answered as specified', () => {
    expect(notPassing(results, ['fail', 'error', 'skip', 'omit'])).to.deep.equal([]);
    expect(results).to.have.length(62);
  });

  it('verifies every requirement of its requirements.json', () => {
    const verified = new Set(results.flatMap((result) => result.verifies));
    expect(verified.size).to.equal(42);
  });
});

describe('the pds suite against a misbehaving PDS fixture', () => {
  const cases: readonly { misbehaviour: PdsMisbehaviour; fails: readonly string[]; skips?: number }[] = [
    { misbehaviour: 'ignores-missing-request-id', fails: ['PDS-HDR-01'] },
    { misbehaviour: 'serves-restricted-location', fails: ['PDS-RET-03', 'PDS-SRCH-07'] },
    { misbehaviour: 'invalid-nhs-number-not-found', fails: ['PDS-COV-06', 'PDS-RET-05', 'PDS-UPD-07'] },
    { misbehaviour: 'patch-without-if-match', fails: ['PDS-UPD-02'] },
    // Without an ETag the update tests cannot start: they are skipped naming the failed prerequisite.
    { misbehaviour: 'no-etag', fails: ['PDS-RET-02'], skips: 10 },
    { misbehaviour: 'search-ignores-gender', fails: ['PDS-SRCH-03'] },
  ];

  for (const { misbehaviour, fails, skips = 0 } of cases) {
    it(`catches ${misbehaviour} (${pdsMisbehaviours[misbehaviour]}): ${fails.join(', ')} fail, nothing else`, async () => {
      const fixture = await startPdsFixture({ misbehaviours: [misbehaviour] });
      try {
        const results = await runSuite(pds, { baseUrl: fixture.baseUrl, writable: true, scope });
        const failed = results.filter((result) => result.outcome === 'fail' || result.outcome === 'error');
        expect([...new Set(failed.flatMap((result) => result.verifies))].sort()).to.deep.equal(fails);
        expect(failed.every((result) => result.outcome === 'fail'), notPassing(results).join('\n')).to.equal(true);
        const skipped = results.filter((result) => result.outcome === 'skip');
        expect(skipped).to.have.length(skips);
        expect(skipped.every((result) => result.message === 'prerequisite pds/retrieve/etag did not pass (fail)')).to.equal(true);
      } finally {
        await fixture.close();
      }
    });
  }
});

describe('the pds suite against a target that does not declare the pds API pack', () => {
  it('omits every test, saying why', async () => {
    const fixture = await startPdsFixture();
    try {
      const results = await runSuite(pds, { baseUrl: fixture.baseUrl, writable: true, scope: { apiPacks: ['nhs-api'] } });
      expect(results.every((result) => result.outcome === 'omit')).to.equal(true);
      expect(results[0]?.message).to.equal(`API pack pds is outside the declared scope of target ${fixture.baseUrl}`);
    } finally {
      await fixture.close();
    }
  });
});

describe('the pds suite with the access modes of the specification', () => {
  let fixture: PdsFixture;

  before(async () => {
    fixture = await startPdsFixture();
  });

  after(() => fixture.close());

  it('omits what application-restricted access cannot do: updates, creates, coverage, searches with several results', async () => {
    const results = await runSuite(pds, { baseUrl: fixture.baseUrl, writable: true, scope, inputs: { accessMode: 'application-restricted' } });
    const omitted = results.filter((result) => result.outcome === 'omit');
    expect(notPassing(results)).to.deep.equal([]);
    expect(omitted.map((result) => result.group)).to.include.members(['update', 'create', 'coverage', 'search']);
    expect(omitted.find((result) => result.id === 'pds/search/wildcard')?.message).to.equal(
      'the application-restricted access mode does not allow multiple-results (PDS specification, "Access modes")',
    );
    expect(results.find((result) => result.id === 'pds/retrieve/patient-exists')?.outcome).to.equal('pass');
  });

  it('runs no write against a target not declared writable', async () => {
    const results = await runSuite(pds, { baseUrl: fixture.baseUrl, scope });
    const writing = results.filter((result) => ['pds/update/update', 'pds/create/new-patient', 'pds/coverage/update'].includes(result.id));
    expect(writing.map((result) => result.outcome)).to.deep.equal(['omit', 'omit', 'omit']);
    expect(notPassing(results)).to.deep.equal([]);
  });

  it('errors, naming the input, on an access mode the specification does not have', async () => {
    const results = await runSuite(pds, { baseUrl: fixture.baseUrl, scope, inputs: { accessMode: 'admin' }, tests: ['pds/search/basic'] });
    expect(results.map((result) => result.outcome)).to.deep.equal(['error']);
    expect(results[0]?.message).to.match(/^Error: input accessMode is "admin"; use one of sandbox, healthcare-worker, application-restricted, patient \(at /);
  });
});
