import { expect } from 'chai';
import type { ElementDefinition, StructureDefinition } from 'fhir/r4.js';
import { loadDefinitions } from '../../../profiles/definitions.js';
import { SnapshotError } from '../../../profiles/snapshot/index.js';
import type { ConformanceResource, Definitions } from '../../../profiles/types.js';
import { sharedPackageCache } from '../../support/paths.js';

const example = 'https://example.org/fhir/StructureDefinition/';

function profile(id: string, base: string, type: string, elements: ElementDefinition[]): ConformanceResource {
  return {
    resourceType: 'StructureDefinition',
    id,
    url: `${example}${id}`,
    name: id,
    status: 'draft',
    kind: 'resource',
    abstract: false,
    type,
    baseDefinition: base,
    derivation: 'constraint',
    differential: { element: elements },
  };
}

const fhir = (type: string) => `http://hl7.org/fhir/StructureDefinition/${type}`;
const ukPatient = 'https://fhir.hl7.org.uk/StructureDefinition/UKCore-Patient';

const extra: ConformanceResource[] = [
  profile('patient-on-ukcore', ukPatient, 'Patient', [
    { id: 'Patient.identifier:nhsNumber.value', path: 'Patient.identifier.value', patternString: '9000000009' },
    { id: 'Patient.identifier:localId', path: 'Patient.identifier', sliceName: 'localId', max: '1' },
    { id: 'Patient.identifier:localId.system', path: 'Patient.identifier.system', fixedUri: 'https://example.org/local' },
  ]),
  profile('reslice', fhir('Patient'), 'Patient', [
    {
      id: 'Patient.identifier',
      path: 'Patient.identifier',
      slicing: { discriminator: [{ type: 'value', path: 'system' }], rules: 'open' },
    },
    {
      id: 'Patient.identifier:local',
      path: 'Patient.identifier',
      sliceName: 'local',
      slicing: { discriminator: [{ type: 'pattern', path: 'type' }], rules: 'closed' },
    },
    { id: 'Patient.identifier:local.system', path: 'Patient.identifier.system', fixedUri: 'https://example.org/local' },
    { id: 'Patient.identifier:local/mrn', path: 'Patient.identifier', sliceName: 'local/mrn', max: '1' },
    { id: 'Patient.identifier:local/mrn.type', path: 'Patient.identifier.type', min: 1, patternCodeableConcept: { text: 'MRN' } },
  ]),
  profile('typed-choice', fhir('Observation'), 'Observation', [
    { id: 'Observation.valueQuantity', path: 'Observation.valueQuantity', min: 1 },
    { id: 'Observation.valueQuantity.unit', path: 'Observation.valueQuantity.unit', min: 1 },
  ]),
  profile('questionnaire-nested', fhir('Questionnaire'), 'Questionnaire', [
    { id: 'Questionnaire.item.item.linkId', path: 'Questionnaire.item.item.linkId', maxLength: 10 },
  ]),
  profile('unknown-path', fhir('Patient'), 'Patient', [{ id: 'Patient.favouriteColour', path: 'Patient.favouriteColour', min: 1 }]),
  profile('missing-base', `${example}not-loaded`, 'Patient', [{ id: 'Patient', path: 'Patient' }]),
  profile('slice-without-slicing', fhir('Patient'), 'Patient', [
    { id: 'Patient.identifier:mrn', path: 'Patient.identifier', sliceName: 'mrn', max: '1' },
  ]),
  profile('wrong-type', fhir('Patient'), 'Patient', [{ id: 'Patient.birthDate', path: 'Patient.birthDate', type: [{ code: 'string' }] }]),
  profile('into-choice', fhir('Observation'), 'Observation', [{ id: 'Observation.value[x].unit', path: 'Observation.value[x].unit', min: 1 }]),
  {
    ...profile('logical-model', fhir('Element'), 'LogicalThing', [{ id: 'LogicalThing', path: 'LogicalThing' }]),
    kind: 'logical',
    derivation: 'specialization',
  },
  profile('closed-slicing', `${example}reslice`, 'Patient', [
    { id: 'Patient.identifier:local/visit', path: 'Patient.identifier', sliceName: 'local/visit' },
  ]),
];

describe('snapshot generation', () => {
  let definitions: Definitions;
  const ids = (id: string) => (definitions.structureDefinition(`${example}${id}`) as StructureDefinition).snapshot?.element.map((e) => e.id) ?? [];
  const element = (id: string, elementId: string) =>
    definitions.structureDefinition(`${example}${id}`)?.snapshot?.element.find((e) => e.id === elementId);
  const failure = (id: string): string => {
    try {
      definitions.structureDefinition(`${example}${id}`);
    } catch (error) {
      expect(error).to.be.instanceOf(SnapshotError);
      return (error as SnapshotError).line;
    }
    throw new Error(`${id} generated a snapshot`);
  };

  before(async () => {
    definitions = await loadDefinitions({ packages: ['fhir.r4.ukcore.stu2#2.0.2'], cacheDir: sharedPackageCache, extra });
  });

  it('builds a profile on a profile: existing slices keep their constraints, new slices follow them', () => {
    const slices = ids('patient-on-ukcore').filter((id) => /^Patient\.identifier:[a-zA-Z]+$/.test(id as string));
    expect(slices).to.deep.equal(['Patient.identifier:nhsNumber', 'Patient.identifier:localId']);
    expect(element('patient-on-ukcore', 'Patient.identifier:nhsNumber.system')?.fixedUri).to.equal('https://fhir.nhs.uk/Id/nhs-number');
    expect(element('patient-on-ukcore', 'Patient.identifier:nhsNumber.value')).to.include({ min: 1, patternString: '9000000009' });
    expect(element('patient-on-ukcore', 'Patient.identifier:localId')).to.include({ sliceName: 'localId', max: '1' });
    expect(element('patient-on-ukcore', 'Patient.identifier:localId.system')?.fixedUri).to.equal('https://example.org/local');
    expect(element('patient-on-ukcore', 'Patient.extension:ethnicCategory')?.max).to.equal('1');
  });

  it('re-slices a slice: the re-slice follows its slice, with its own id', () => {
    const identifiers = ids('reslice').filter((id) => id?.startsWith('Patient.identifier'));
    expect(identifiers.filter((id) => !/\.(id|extension|use|value|period|assigner)$/.test(id as string))).to.deep.equal([
      'Patient.identifier',
      'Patient.identifier:local',
      'Patient.identifier:local.type',
      'Patient.identifier:local.system',
      'Patient.identifier:local/mrn',
      'Patient.identifier:local/mrn.type',
      'Patient.identifier:local/mrn.system',
    ]);
    expect(element('reslice', 'Patient.identifier:local')?.slicing?.rules).to.equal('closed');
    expect(element('reslice', 'Patient.identifier:local/mrn')).to.include({ sliceName: 'local/mrn', max: '1' });
    expect(element('reslice', 'Patient.identifier:local/mrn.type')?.patternCodeableConcept).to.deep.equal({ text: 'MRN' });
  });

  it('reads a typed choice name (valueQuantity) as a closed type slice carrying that type only', () => {
    expect(element('typed-choice', 'Observation.value[x]')).to.deep.include({
      type: [{ code: 'Quantity' }],
      slicing: { discriminator: [{ type: 'type', path: '$this' }], ordered: false, rules: 'closed' },
    });
    expect(element('typed-choice', 'Observation.value[x]:valueQuantity')).to.deep.include({
      path: 'Observation.value[x]',
      sliceName: 'valueQuantity',
      min: 1,
      type: [{ code: 'Quantity' }],
    });
    expect(element('typed-choice', 'Observation.value[x]:valueQuantity.unit')).to.include({ path: 'Observation.value[x].unit', min: 1 });
  });

  it('follows a contentReference into the element it names', () => {
    const nested = element('questionnaire-nested', 'Questionnaire.item.item');
    expect(nested?.contentReference).to.equal(undefined);
    expect(nested?.type).to.deep.equal([{ code: 'BackboneElement' }]);
    expect(element('questionnaire-nested', 'Questionnaire.item.item.linkId')).to.include({ path: 'Questionnaire.item.item.linkId', maxLength: 10 });
    expect(element('questionnaire-nested', 'Questionnaire.item.item.item')?.contentReference).to.equal('#Questionnaire.item');
  });

  it('names the profile and the element for an unknown path', () => {
    expect(failure('unknown-path')).to.equal(
      `StructureDefinition ${example}unknown-path: differential element Patient.favouriteColour names Patient.favouriteColour, ` +
        `which is not an element of ${fhir('Patient')}; correct its differential (element paths and ids must follow its base StructureDefinition)`,
    );
  });

  it('names the base that is not loaded', () => {
    expect(failure('missing-base')).to.equal(
      `StructureDefinition ${example}missing-base: its baseDefinition ${example}not-loaded is not loaded; ` +
        'load the package that defines it (--package ID#VERSION) or pass that StructureDefinition with --definitions',
    );
  });

  it('refuses a slice of an element that has no slicing', () => {
    expect(failure('slice-without-slicing')).to.equal(
      `StructureDefinition ${example}slice-without-slicing: differential element Patient.identifier:mrn is a slice, but Patient.identifier ` +
        'is not sliced; declare the slicing (discriminator and rules) on Patient.identifier in the differential',
    );
  });

  it('refuses a type the base does not allow', () => {
    expect(failure('wrong-type')).to.match(/differential element Patient\.birthDate gives type string, which its base Patient\.birthDate does not allow \(date\)/);
  });

  it('refuses to walk into a choice that still has several types', () => {
    expect(failure('into-choice')).to.match(
      /differential element Observation\.value\[x\]\.unit constrains a child of Observation\.value\[x\], which has several types \(Quantity, CodeableConcept, .*\); constrain one type first, e\.g\. Observation\.valueQuantity$/,
    );
  });

  it('refuses a new slice where the base closed the slicing', () => {
    expect(failure('closed-slicing')).to.match(/differential element Patient\.identifier:local\/visit adds a slice to Patient\.identifier, whose slicing in the base is closed/);
  });

  it('says plainly that a specialization without a snapshot is not generated', () => {
    expect(failure('logical-model')).to.equal(
      `StructureDefinition ${example}logical-model: it defines a new type (LogicalThing) by specialization and has no snapshot; ` +
        'Assay generates snapshots for constraints only; load it with its snapshot (as the IG Publisher or SUSHI writes it)',
    );
  });

  it('generates snapshots for specializations (logical models, custom resources) from their differentials: pending, no package Assay targets ships one without a snapshot');

  it('throws the same error on every later use, without generating again', () => {
    expect(failure('unknown-path')).to.equal(failure('unknown-path'));
  });
});
