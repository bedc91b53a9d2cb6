import { expect } from 'chai';
import type { CapabilityStatement } from 'fhir/r4.js';
import { resolveTarget } from '../../../runner/config/index.js';
import { loadSuite } from '../../../runner/dsl/index.js';
import { UsageError } from '../../../runner/errors.js';
import { buildPlan, capabilityGap, dependencyOrder, idMatcher, inputEnvName, pickSuites } from '../../../runner/plan/index.js';
import demoRest from '../../fixtures/suites/demo-rest/index.js';

const target = resolveTarget(undefined, { target: 'http://127.0.0.1:9/fhir', cwd: '/' });
const demo = loadSuite(demoRest);
const inputs = { cli: ['patientId=1'], env: {} };

describe('planning', () => {
  describe('id patterns', () => {
    it('matches ids, globs within a segment, ** across segments, and everything under a prefix', () => {
      const ids = ['s/read/a', 's/read/b', 's/search/a', 't/read/a'];
      const select = (pattern: string): string[] => ids.filter(idMatcher(pattern));
      expect(select('s/read/a')).to.deep.equal(['s/read/a']);
      expect(select('s/read')).to.deep.equal(['s/read/a', 's/read/b']);
      expect(select('s')).to.deep.equal(['s/read/a', 's/read/b', 's/search/a']);
      expect(select('*/read/a')).to.deep.equal(['s/read/a', 't/read/a']);
      expect(select('s/*/a')).to.deep.equal(['s/read/a', 's/search/a']);
      expect(select('**/a')).to.deep.equal(['s/read/a', 's/search/a', 't/read/a']);
      expect(select('s/re*')).to.deep.equal(['s/read/a', 's/read/b']);
      expect(select('s/read.a')).to.deep.equal([]);
    });
  });

  it('puts prerequisites first and otherwise keeps presentation order', () => {
    const order = dependencyOrder([
      { id: 'a', dependsOn: ['c'] },
      { id: 'b', dependsOn: [] },
      { id: 'c', dependsOn: [] },
      { id: 'd', dependsOn: ['a', 'b'] },
    ]);
    expect(order.map((test) => test.id)).to.deep.equal(['b', 'c', 'a', 'd']);
  });

  it('plans every test of a suite, omitting writes to a target not declared writable', () => {
    const plan = buildPlan({ suites: [demo], target, filter: {}, inputs });
    expect(plan.tests.map((test) => [test.id, test.omit])).to.deep.equal([
      ['demo-rest/read/patient-read', undefined],
      ['demo-rest/read/patient-etag', undefined],
      ['demo-rest/read/patient-read-fhir', undefined],
      ['demo-rest/search/patient-by-identifier', undefined],
      ['demo-rest/write/patient-create', 'the test writes to the target and target http://127.0.0.1:9/fhir is not declared writable (set "writable: true" to allow it)'],
    ]);
    expect(plan.suites).to.deep.equal([
      { id: 'demo-rest', version: '1.0.0', title: 'Demo REST suite (runner tests only)', inputs: { patientId: '1', pageSize: 10 } },
    ]);
    expect(JSON.parse(JSON.stringify(plan))).to.deep.equal(plan);
  });

  it('omits what the declared scope leaves out', () => {
    const scoped = { ...target, writable: true, scope: { resources: ['Observation'] } };
    const plan = buildPlan({ suites: [demo], target: scoped, filter: { tests: ['demo-rest/write'] }, inputs });
    expect(plan.tests[0]?.omit).to.equal('resource Patient is outside the declared scope of target http://127.0.0.1:9/fhir');
  });

  it('selects by tag and by earlier failures, pulling in prerequisites', () => {
    const tagged = buildPlan({ suites: [demo], target, filter: { tags: ['smoke'] }, inputs });
    expect(tagged.tests.map((test) => test.id)).to.deep.equal(['demo-rest/read/patient-read']);
    const failed = buildPlan({ suites: [demo], target, filter: { only: new Set(['demo-rest/read/patient-etag']) }, inputs });
    expect(failed.tests.map((test) => [test.id, test.asDependency])).to.deep.equal([
      ['demo-rest/read/patient-read', true],
      ['demo-rest/read/patient-etag', undefined],
    ]);
  });

  it('refuses a pattern or tag that selects nothing, and an unknown suite', () => {
    expect(() => buildPlan({ suites: [demo], target, filter: { tests: ['demo-rest/nope'] }, inputs }))
      .to.throw(UsageError)
      .with.property('message', '--test "demo-rest/nope" matches no test of suite demo-rest');
    expect(() => buildPlan({ suites: [demo], target, filter: { tags: ['slow'] }, inputs }))
      .to.throw(UsageError)
      .with.property('line', '--tag "slow" is on no test of the selected suites; tags there: read, search, smoke');
    expect(() => pickSuites([demoRest], ['demo']))
      .to.throw(UsageError)
      .with.property('line', 'unknown suite "demo"; did you mean "demo-rest"? "assay suites" lists the suites');
  });

  describe('inputs', () => {
    it('names the environment variable after the input', () => {
      expect(inputEnvName('patientId')).to.equal('ASSAY_INPUT_PATIENT_ID');
      expect(inputEnvName('nhs-number')).to.equal('ASSAY_INPUT_NHS_NUMBER');
    });

    it('prefers the command line over the environment over the config, and converts by type', () => {
      const configured = { ...target, inputs: { patientId: 'from-config', 'demo-rest.nhsNumber': '111', pageSize: 5 } };
      const plan = buildPlan({
        suites: [demo],
        target: configured,
        filter: {},
        inputs: { cli: ['demo-rest.patientId=from-cli'], env: { ASSAY_INPUT_PAGE_SIZE: '50', ASSAY_INPUT_PATIENT_ID: 'from-env' } },
      });
      expect(plan.suites[0]?.inputs).to.deep.equal({ patientId: 'from-cli', nhsNumber: '111', pageSize: 50 });
    });

    it('refuses an input no selected suite takes', () => {
      expect(() => buildPlan({ suites: [demo], target, filter: {}, inputs: { cli: ['patient=1'], env: {} } }))
        .to.throw(UsageError)
        .with.property('line', '--input patient: no selected suite takes an input of that name; inputs they take: patientId, nhsNumber, pageSize');
    });
  });

  describe('omission by the CapabilityStatement', () => {
    const statement: CapabilityStatement = {
      resourceType: 'CapabilityStatement',
      status: 'active',
      date: '2025-01-01',
      kind: 'instance',
      fhirVersion: '4.0.1',
      format: ['json'],
      rest: [
        {
          mode: 'server',
          interaction: [{ code: 'batch' }],
          operation: [{ name: 'everything', definition: 'http://hl7.org/fhir/OperationDefinition/Patient-everything' }],
          resource: [
            {
              type: 'Patient',
              interaction: [{ code: 'read' }, { code: 'search-type' }],
              searchParam: [{ name: 'identifier', type: 'token' }],
              supportedProfile: ['https://fhir.hl7.org.uk/StructureDefinition/UKCore-Patient|2.0.2'],
            },
          ],
        },
      ],
    };

    it('omits what the statement does not claim and says what is missing', () => {
      expect(capabilityGap({ resource: 'Patient', interaction: 'read' }, statement)).to.equal(undefined);
      expect(capabilityGap({ resource: 'Observation', interaction: 'read' }, statement)).to.equal(
        'the CapabilityStatement does not claim resource Observation',
      );
      expect(capabilityGap({ resource: 'Patient', interaction: 'update' }, statement)).to.equal(
        'the CapabilityStatement does not claim update on Patient',
      );
      expect(capabilityGap({ resource: 'Patient', interaction: 'search-type', searchParams: ['identifier', 'birthdate'] }, statement)).to.equal(
        'the CapabilityStatement does not claim search parameter birthdate on Patient',
      );
      expect(capabilityGap({ interaction: 'batch' }, statement)).to.equal(undefined);
      expect(capabilityGap({ interaction: 'transaction' }, statement)).to.equal('the CapabilityStatement does not claim the transaction interaction');
      expect(capabilityGap({ resource: 'Patient', operation: '$everything' }, statement)).to.equal(undefined);
      expect(capabilityGap({ resource: 'Patient', profile: 'https://fhir.hl7.org.uk/StructureDefinition/UKCore-Patient' }, statement)).to.equal(undefined);
      expect(capabilityGap({ resource: 'Patient', profile: 'http://example.org/other' }, statement)).to.equal(
        'the CapabilityStatement does not claim profile http://example.org/other for Patient',
      );
    });

    it('omits nothing when there is no statement', () => {
      expect(capabilityGap({ resource: 'Observation', interaction: 'read' }, undefined)).to.equal(undefined);
    });
  });
});
