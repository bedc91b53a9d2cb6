import { expect } from 'chai';
import type { ElementDefinition, StructureDefinition } from 'fhir/r4.js';
import { join } from 'node:path';
import { loadDefinitions } from '../../../profiles/definitions.js';
import { readPackageFolder } from '../../../profiles/packages/package-folder.js';
import type { Definitions } from '../../../profiles/types.js';
import { sharedPackageCache } from '../../support/paths.js';

const ukCore = 'https://fhir.hl7.org.uk/StructureDefinition/';

describe('snapshots of UK Core 2.0.2 (shipped with differentials only)', () => {
  let definitions: Definitions;
  let ukCoreUrls: string[];

  before(async () => {
    definitions = await loadDefinitions({ packages: ['fhir.r4.ukcore.stu2#2.0.2'], cacheDir: sharedPackageCache });
    const ukCorePackage = await readPackageFolder(join(sharedPackageCache, 'fhir.r4.ukcore.stu2#2.0.2'));
    ukCoreUrls = ukCorePackage.resources.filter((r) => r.resourceType === 'StructureDefinition').map((sd) => sd.url as string);
  });

  const element = (url: string, id: string): ElementDefinition | undefined =>
    definitions.structureDefinition(url)?.snapshot?.element.find((e) => e.id === id);

  it('generates a snapshot for each of the 78 profiles and extensions, with every differential element in it', () => {
    expect(ukCoreUrls).to.have.length(78);
    for (const url of ukCoreUrls) {
      const sd = definitions.structureDefinition(url) as StructureDefinition;
      const ids = (sd.snapshot?.element ?? []).map((e) => e.id);
      expect(new Set(ids).size, `${url} has unique element ids`).to.equal(ids.length);
      expect(ids[0], url).to.equal(sd.type);
      for (const diff of sd.differential?.element ?? []) expect(ids, url).to.include(diff.id);
    }
  });

  it('resolves a profile to the same StructureDefinition, snapshot included, however it is asked for', () => {
    const byUrl = definitions.structureDefinition(`${ukCore}UKCore-Patient`);
    expect(byUrl?.snapshot?.element.length).to.be.greaterThan(100);
    expect(definitions.structureDefinition(`${ukCore}UKCore-Patient|2.5.0`)).to.equal(byUrl);
    expect(definitions.resolve(`${ukCore}UKCore-Patient`)).to.equal(byUrl);
    expect(byUrl?.differential?.element[0]?.id).to.equal('Patient.extension:birthPlace');
  });

  it('slices Patient.identifier by system, with the NHS number slice fixing its system', () => {
    const patient = `${ukCore}UKCore-Patient`;
    expect(element(patient, 'Patient.identifier')?.slicing).to.deep.equal({
      discriminator: [{ type: 'value', path: 'system' }],
      ordered: false,
      rules: 'open',
    });
    const nhsNumber = element(patient, 'Patient.identifier:nhsNumber');
    expect(nhsNumber).to.include({ path: 'Patient.identifier', sliceName: 'nhsNumber', min: 0, max: '1' });
    expect(nhsNumber?.slicing).to.equal(undefined);
    expect(element(patient, 'Patient.identifier:nhsNumber.system')).to.include({
      path: 'Patient.identifier.system',
      min: 1,
      max: '1',
      fixedUri: 'https://fhir.nhs.uk/Id/nhs-number',
    });
    expect(element(patient, 'Patient.identifier:nhsNumber.value')).to.include({ min: 1, max: '1' });
    // the identifier's own children (from the Identifier type) are there, unconstrained
    expect(element(patient, 'Patient.identifier:nhsNumber.period')?.type).to.deep.equal([{ code: 'Period' }]);
  });

  it('slices Patient.extension by url (implied for extensions), each slice typed with its extension definition', () => {
    const patient = `${ukCore}UKCore-Patient`;
    expect(element(patient, 'Patient.extension')?.slicing).to.deep.equal({
      discriminator: [{ type: 'value', path: 'url' }],
      ordered: false,
      rules: 'open',
    });
    const ethnicCategory = element(patient, 'Patient.extension:ethnicCategory');
    expect(ethnicCategory).to.include({ path: 'Patient.extension', sliceName: 'ethnicCategory', min: 0, max: '1' });
    expect(ethnicCategory?.type).to.deep.equal([{ code: 'Extension', profile: [`${ukCore}Extension-UKCore-EthnicCategory`] }]);
    expect(ethnicCategory?.base).to.deep.equal({ path: 'DomainResource.extension', min: 0, max: '*' });
  });

  it('walks into an extension slice with the extension definition constraining Extension', () => {
    const patient = `${ukCore}UKCore-Patient`;
    expect(element(patient, 'Patient.extension:birthPlace.url')).to.include({
      path: 'Patient.extension.url',
      fixedUri: 'http://hl7.org/fhir/StructureDefinition/patient-birthPlace',
    });
    expect(element(patient, 'Patient.extension:birthPlace.value[x]')?.type).to.deep.equal([{ code: 'Address' }]);
    expect(element(patient, 'Patient.extension:birthPlace.value[x]')?.short).to.equal('The registered place of birth of the patient.');
    // a slice the extension definition itself declares (patient-proficiency's "level") is constrained, not added
    expect(element(patient, 'Patient.communication.extension:proficiency.extension:level.url')?.fixedUri).to.equal('level');
    expect(element(patient, 'Patient.communication.extension:proficiency.extension:level.value[x]')?.short).to.equal(
      'The proficiency level for the communication',
    );
  });

  it('gives an extension definition its fixed url and narrowed value', () => {
    const ethnicCategory = `${ukCore}Extension-UKCore-EthnicCategory`;
    expect(element(ethnicCategory, 'Extension.url')?.fixedUri).to.equal(ethnicCategory);
    expect(element(ethnicCategory, 'Extension.value[x]')?.type).to.deep.equal([{ code: 'CodeableConcept' }]);
    expect(element(ethnicCategory, 'Extension.value[x]')?.binding?.valueSet).to.equal('https://fhir.hl7.org.uk/ValueSet/UKCore-EthnicCategory');
  });
});
