import { expect } from 'chai';
import type { ElementDefinition, StructureDefinition } from 'fhir/r4.js';
import { nhsNumberProblems, odsCodeProblems } from '../../../suites/uk-core/identifiers.js';
import { presence } from '../../../suites/uk-core/presence.js';
import { serverReferences } from '../../../suites/uk-core/references.js';
import { sharedDefinitions } from '../../support/definitions.js';

const dar = { url: 'http://hl7.org/fhir/StructureDefinition/data-absent-reason', valueCode: 'unknown' };

describe('uk-core: what counts as present, and identifier rules', () => {
  let patient: readonly ElementDefinition[];
  let lab: readonly ElementDefinition[];
  let observation: readonly ElementDefinition[];

  before(async () => {
    const definitions = await sharedDefinitions('fhir.r4.ukcore.stu2#2.0.2');
    const snapshot = (name: string): readonly ElementDefinition[] =>
      (definitions.structureDefinition(`https://fhir.hl7.org.uk/StructureDefinition/${name}`) as StructureDefinition).snapshot?.element ?? [];
    patient = snapshot('UKCore-Patient');
    lab = snapshot('UKCore-Observation-Lab');
    observation = snapshot('UKCore-Observation');
  });

  it('counts a primitive with a value, not one that only carries a data-absent-reason', () => {
    expect(presence({ resourceType: 'Patient', birthDate: '1970-01-01' }, 'Patient.birthDate', patient)).to.deep.equal({ present: true });
    expect(presence({ resourceType: 'Patient', _birthDate: { extension: [dar] } }, 'Patient.birthDate', patient)).to.deep.equal({ present: false });
    expect(presence({ resourceType: 'Patient', active: false }, 'Patient.active', patient)).to.deep.equal({ present: true });
  });

  it('counts a complex element with content, not one holding only its id and a data-absent-reason', () => {
    expect(presence({ resourceType: 'Patient', telecom: [{ id: 't1', extension: [dar] }] }, 'Patient.telecom', patient)).to.deep.equal({ present: false });
    expect(presence({ resourceType: 'Patient', telecom: [{ extension: [dar] }, { system: 'phone', value: '01632960587' }] }, 'Patient.telecom.value', patient)).to.deep.equal({
      present: true,
    });
  });

  it('counts values of a slice only when they match its discriminator', () => {
    const other = { resourceType: 'Patient', identifier: [{ system: 'https://example.org/mrn', value: '123' }] };
    const nhs = { resourceType: 'Patient', identifier: [{ system: 'https://fhir.nhs.uk/Id/nhs-number', value: '9000000009' }] };
    expect(presence(other, 'Patient.identifier:nhsNumber.value', patient)).to.deep.equal({ present: false });
    expect(presence(other, 'Patient.identifier', patient)).to.deep.equal({ present: true });
    expect(presence(nhs, 'Patient.identifier:nhsNumber.value', patient)).to.deep.equal({ present: true });
    const category = (code: string): unknown => ({
      resourceType: 'Observation',
      category: [{ coding: [{ system: 'http://terminology.hl7.org/CodeSystem/observation-category', code }] }],
    });
    expect(presence(category('vital-signs'), 'Observation.category:laboratory', lab)).to.deep.equal({ present: false });
    expect(presence(category('laboratory'), 'Observation.category:laboratory', lab)).to.deep.equal({ present: true });
  });

  it('counts any typed variant of a choice element', () => {
    expect(presence({ resourceType: 'Observation', valueQuantity: { value: 5 } }, 'Observation.value[x]', observation)).to.deep.equal({ present: true });
    expect(presence({ resourceType: 'Observation', _valueString: { extension: [dar] } }, 'Observation.value[x]', observation)).to.deep.equal({ present: false });
  });

  it('finds invalid NHS numbers and ODS codes wherever they sit, references included', () => {
    const resource = {
      resourceType: 'Observation',
      subject: { identifier: { system: 'https://fhir.nhs.uk/Id/nhs-number', value: '9000000000' } },
      performer: [{ identifier: { system: 'https://fhir.nhs.uk/Id/ods-organization-code', value: 'Y1' } }, { identifier: { system: 'https://fhir.nhs.uk/Id/ods-site-code', value: 'RH802' } }],
      identifier: [{ system: 'https://fhir.nhs.uk/Id/nhs-number', value: '9000000009' }],
    };
    expect(nhsNumberProblems(resource)).to.deep.equal([
      'Observation.subject.identifier: "9000000000" is not a valid NHS number (10 digits, Modulus 11 check digit)',
    ]);
    expect(odsCodeProblems(resource)).to.deep.equal([
      'Observation.performer[0].identifier: "Y1" is not an ODS organisation code (3 to 6 upper-case letters and digits)',
    ]);
  });

  it('resolves only literal references to this server', () => {
    const base = 'http://127.0.0.1:8080/fhir/';
    const found = serverReferences(
      {
        resourceType: 'Observation',
        subject: { reference: 'Patient/p1' },
        performer: [{ reference: `${base}Practitioner/pr1/_history/2` }, { reference: 'https://elsewhere.example/Organization/o1' }, { reference: '#c1' }],
        hasMember: [{ reference: 'urn:uuid:5a1d' }, { identifier: { value: 'x' } }],
        contained: [{ resourceType: 'Patient', id: 'c1', link: [{ other: { reference: 'Patient/hidden' } }] }],
      },
      'Observation/o1',
      base,
    );
    expect(found).to.deep.equal([
      { location: 'Observation/o1.subject.reference', path: 'Patient/p1', type: 'Patient', id: 'p1' },
      { location: 'Observation/o1.performer[0].reference', path: 'Practitioner/pr1/_history/2', type: 'Practitioner', id: 'pr1' },
    ]);
  });
});
