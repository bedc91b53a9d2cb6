import { expect } from 'chai';
import type { CapabilityStatement, StructureDefinition } from 'fhir/r4.js';
import type { ConformanceResource, Definitions } from '../../../profiles/index.js';
import { loadDefinitions } from '../../../profiles/index.js';
import type { LoadedSuite } from '../../../runner/dsl/index.js';
import { loadSuite } from '../../../runner/dsl/index.js';
import { ukCorePackage, ukCoreSuite } from '../../../suites/uk-core/index.js';
import { sharedDefinitions } from '../../support/definitions.js';
import { sharedPackageCache } from '../../support/paths.js';

const patientUrl = 'https://fhir.hl7.org.uk/StructureDefinition/UKCore-Patient';

/** UK Core as released (shared by the test process), or with extra definitions (loaded afresh). */
function load(extra: readonly ConformanceResource[] = []): Promise<Definitions> {
  return extra.length === 0 ? sharedDefinitions('fhir.r4.ukcore.stu2#2.0.2') : loadDefinitions({ packages: [ukCorePackage], cacheDir: sharedPackageCache, extra });
}

describe('the uk-core suite generated from UK Core 2.0.2', () => {
  let definitions: Definitions;
  let suite: LoadedSuite;

  before(async () => {
    definitions = await load();
    suite = loadSuite(ukCoreSuite(definitions));
  });

  it('has a group for each of the 31 resource profiles of the package', () => {
    expect(suite.groups).to.have.length(31);
    expect(suite.groups.map((group) => group.id)).to.include.members(['ukcore-patient', 'ukcore-observation-lab', 'ukcore-medicationrequest']);
    expect(suite.info.version).to.equal('1.0.0+fhir.r4.ukcore.stu2.2.0.2');
  });

  it('has a Must Support test and requirement for every mustSupport element of every snapshot (214)', () => {
    const mustSupport = suite.tests.filter((test) => test.id.includes('/must-support-'));
    expect(mustSupport).to.have.length(214);
    const patient = definitions.structureDefinition(patientUrl) as StructureDefinition;
    const elements = (patient.snapshot?.element ?? []).filter((element) => element.mustSupport === true).map((element) => element.id);
    expect(suite.tests.filter((test) => test.group === 'ukcore-patient' && test.id.includes('/must-support-'))).to.have.length(elements.length);
    expect(suite.tests.length).to.equal(339);
    expect(suite.info.requirements.length).to.equal(249);
  });

  it('derives ids from profile and element only, and sources from their canonicals', () => {
    const telecom = suite.tests.find((test) => test.id === 'uk-core/ukcore-patient/must-support-patient-telecom');
    expect(telecom?.verifies).to.deep.equal(['UKCORE-PATIENT-MS-TELECOM']);
    expect(telecom?.level).to.equal('SHOULD');
    expect(telecom?.claims).to.deep.equal({ resource: 'Patient', profile: patientUrl });
    const nhsNumber = suite.info.requirements.find((requirement) => requirement.id === 'UKCORE-PATIENT-MS-IDENTIFIER-NHSNUMBER-SYSTEM');
    expect(nhsNumber?.source).to.equal(`${patientUrl}#Patient.identifier:nhsNumber.system`);
    const value = suite.info.requirements.find((requirement) => requirement.id === 'UKCORE-OBSERVATION-MS-VALUE-X');
    expect(value?.source).to.equal('https://fhir.hl7.org.uk/StructureDefinition/UKCore-Observation#Observation.value%5Bx%5D');
    const valid = suite.info.requirements.find((requirement) => requirement.id === 'UKCORE-PATIENT-VALID');
    expect(valid).to.include({ level: 'SHALL', source: patientUrl });
    expect(valid?.text).to.contain(`${patientUrl}|2.5.0`);
  });

  it('generates the same ids on every run', () => {
    const again = loadSuite(ukCoreSuite(definitions));
    expect(again.tests.map((test) => test.id)).to.deep.equal(suite.tests.map((test) => test.id));
    expect(again.info.requirements).to.deep.equal(suite.info.requirements);
  });

  it('writes the invalid-NHS-number rejection only for the profile that carries NHS numbers, and only against a writable target', () => {
    const writing = suite.tests.filter((test) => test.writes);
    expect(writing.map((test) => test.id)).to.deep.equal(['uk-core/ukcore-patient/rejects-invalid-nhs-number']);
    expect(writing[0]?.claims).to.deep.equal({ resource: 'Patient', profile: patientUrl, interaction: 'create' });
  });

  it('generates no search test: the 2.0.2 CapabilityStatement marks no search parameter SHALL', () => {
    expect(suite.tests.filter((test) => test.id.includes('/search-'))).to.deep.equal([]);
  });
});

describe('the uk-core suite for another UK Core release', () => {
  it('follows the package: a new Must Support element and a SHALL search parameter give new tests, with no code change', async () => {
    const base = await load();
    const patient = structuredClone(base.structureDefinition(patientUrl) as StructureDefinition);
    const release: StructureDefinition = {
      ...patient,
      version: '9.0.0',
      snapshot: undefined,
      differential: {
        element: (patient.differential?.element ?? []).map((element) => (element.id === 'Patient.maritalStatus' ? { ...element, mustSupport: true } : element)),
      },
    };
    delete (release as { snapshot?: unknown }).snapshot;
    const statement = structuredClone(base.resolve('https://fhir.hl7.org.uk/CapabilityStatement/ukcore-conformance')) as unknown as CapabilityStatement;
    const patientEntry = statement.rest?.[0]?.resource?.find((resource) => resource.type === 'Patient');
    if (patientEntry === undefined) throw new Error('the UK Core CapabilityStatement lists no Patient');
    patientEntry.searchParam = [
      {
        name: 'family',
        type: 'string',
        extension: [{ url: 'http://hl7.org/fhir/StructureDefinition/capabilitystatement-expectation', valueCode: 'SHALL' }],
      },
      { name: 'gender', type: 'token', extension: [{ url: 'http://hl7.org/fhir/StructureDefinition/capabilitystatement-expectation', valueCode: 'SHOULD' }] },
    ];
    const next = loadSuite(
      ukCoreSuite(await load([release as unknown as ConformanceResource, { ...statement, version: '9.0.0' } as unknown as ConformanceResource])),
    );
    const patientTests = next.tests.filter((test) => test.group === 'ukcore-patient').map((test) => test.id);
    expect(patientTests).to.include('uk-core/ukcore-patient/must-support-patient-maritalstatus');
    expect(patientTests).to.include('uk-core/ukcore-patient/search-family');
    expect(patientTests).not.to.include('uk-core/ukcore-patient/search-gender');
    expect(next.info.requirements.find((requirement) => requirement.id === 'UKCORE-PATIENT-SEARCH-FAMILY')).to.include({
      level: 'SHALL',
      source: 'https://fhir.hl7.org.uk/CapabilityStatement/ukcore-conformance',
    });
    expect(next.info.requirements.find((requirement) => requirement.id === 'UKCORE-PATIENT-VALID')?.text).to.contain(`${patientUrl}|9.0.0`);
  });
});
