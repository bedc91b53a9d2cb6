import { expect } from 'chai';
import type { OperationOutcome } from 'fhir/r4.js';
import type { Validator } from '../../../profiles/validator/index.js';
import { createValidator, terminologyModeExtension } from '../../../profiles/validator/index.js';
import { sharedDefinitions } from '../../support/definitions.js';

/** Every issue but the narrative advice (dom-6), as `severity expression: text`. */
function issues(outcome: OperationOutcome): string[] {
  return outcome.issue
    .filter((i) => !(i.details?.text ?? '').startsWith('Constraint failed: dom-6'))
    .map((i) => `${i.severity} ${i.expression?.[0] ?? ''}: ${i.details?.text ?? ''}`);
}

describe('the validator against R4 core', function () {
  this.timeout(60_000);
  let validator: Validator;

  before(async () => {
    validator = createValidator(await sharedDefinitions('hl7.fhir.r4.core#4.0.1'));
  });

  it('reports content that is not a resource, and never throws for it', async () => {
    expect(issues(await validator.validate(42))).to.deep.equal(['error Resource: A resource must be a JSON object']);
    expect(issues(await validator.validate({ id: 'x' }))).to.deep.equal(['error Resource: Unable to find resourceType property: a resource must say its type']);
    expect(issues(await validator.validate({ resourceType: 'Chicken' }))).to.deep.equal(["error Chicken: Unknown resource type 'Chicken'"]);
  });

  it('answers a resource nested too deeply to walk with an error finding, not a crash', async () => {
    // A hostile endpoint can serve this; the walk runs out of stack long before JSON.parse does.
    let extension: Record<string, unknown> = { url: 'http://example.org/e', valueString: 'x' };
    for (let depth = 0; depth < 20_000; depth++) extension = { url: 'http://example.org/e', extension: [extension] };
    const outcome = await validator.validate({ resourceType: 'Basic', code: { text: 'x' }, extension: [extension] });
    expect(outcome.issue.filter((i) => i.code === 'too-costly').map((i) => `${i.severity} ${i.expression?.[0] ?? ''}: ${i.details?.text ?? ''}`)).to.deep.equal([
      'error Basic: The resource nests its elements too deeply to be validated (the walk ran out of stack); it was not fully checked',
    ]);
  });

  it('records how terminology was checked in every outcome', async () => {
    const outcome = await validator.validate({ resourceType: 'Basic', code: { text: 'x' } });
    expect(outcome.extension).to.deep.equal([{ url: terminologyModeExtension, extension: [{ url: 'mode', valueCode: 'local' }] }]);
  });

  it('reports unknown elements, JSON shapes and cardinality where they are', async () => {
    expect(issues(await validator.validate({ resourceType: 'Patient', foo: 1, name: { family: 'x' }, gender: ['male'], identifier: [] }))).to.deep.equal([
      "error Patient.foo: Unrecognized property 'foo'",
      'error Patient.name: The property name must be a JSON Array, not an Object',
      'error Patient.gender: The property gender must be a single value, not an array',
      'error Patient.identifier: Array cannot be empty: the property identifier should not be present if it has no values',
    ]);
    expect(issues(await validator.validate({ resourceType: 'Observation' }))).to.deep.equal([
      'error Observation: Observation.status: minimum required = 1, but only found 0 (from http://hl7.org/fhir/StructureDefinition/Observation|4.0.1)',
      'error Observation: Observation.code: minimum required = 1, but only found 0 (from http://hl7.org/fhir/StructureDefinition/Observation|4.0.1)',
    ]);
  });

  it("checks each primitive's JSON type and lexical rules, and the _element form", async () => {
    const outcome = await validator.validate({
      resourceType: 'Patient',
      birthDate: '1970-13-01',
      active: 'yes',
      multipleBirthInteger: 1.5,
      deceasedDateTime: '2020-02-30T10:00:00Z',
      _gender: {},
    });
    expect(issues(outcome)).to.deep.equal([
      "error Patient.active: The value 'yes' is not a valid boolean: it must be the JSON value true or false",
      'error Patient.gender: Primitive types must have a value or must have child extensions (ele-1)',
      "error Patient.birthDate: Not a valid date format: '1970-13-01'",
      "error Patient.deceased.ofType(dateTime): The value '2020-02-30T10:00:00Z' is not a valid dateTime: there is no such day",
      'error Patient.multipleBirth.ofType(integer): The value 1.5 is not a valid integer: it must be a whole number',
    ]);
    const extended = { resourceType: 'Patient', _birthDate: { extension: [{ url: 'http://hl7.org/fhir/StructureDefinition/patient-birthTime', valueDateTime: '1970-01-01T10:00:00Z' }] } };
    expect(issues(await validator.validate(extended))).to.deep.equal([]);
  });

  it('allows one type of a choice element', async () => {
    expect(issues(await validator.validate({ resourceType: 'Observation', status: 'final', code: { text: 'x' }, valueString: 'a', valueBoolean: true }))).to.deep.equal([
      'error Observation: Observation.value[x] is a choice of types and only one may be present, but found valueString, valueBoolean',
      'error Observation: Observation.value[x]: max allowed = 1, but found 2 (from http://hl7.org/fhir/StructureDefinition/Observation|4.0.1)',
    ]);
  });

  it('checks required bindings against locally expanded value sets', async () => {
    expect(issues(await validator.validate({ resourceType: 'Patient', gender: 'x' }))).to.deep.equal([
      "error Patient.gender: The code x is not in the value set 'http://hl7.org/fhir/ValueSet/administrative-gender|4.0.1', and a code from this value set is required (from http://hl7.org/fhir/StructureDefinition/Patient|4.0.1)",
    ]);
    expect(issues(await validator.validate({ resourceType: 'Patient', gender: 'female' }))).to.deep.equal([]);
  });

  it('resolves extensions by url and checks their context, url and kind', async () => {
    const outcome = await validator.validate({
      resourceType: 'Observation',
      status: 'final',
      code: { text: 'x' },
      extension: [
        { url: 'http://hl7.org/fhir/StructureDefinition/patient-birthPlace', valueAddress: { city: 'Leeds' } },
        { url: 'https://fhir.vendor.test/StructureDefinition/unknown', valueString: 'a' },
        { valueString: 'no url' },
      ],
      modifierExtension: [{ url: 'https://fhir.vendor.test/StructureDefinition/unknown-modifier', valueBoolean: true }],
    });
    expect(issues(outcome)).to.deep.equal([
      'error Observation.extension[0]: The extension http://hl7.org/fhir/StructureDefinition/patient-birthPlace is not allowed to be used at this point (allowed = element:Patient; this element is [Observation])',
      'warning Observation.extension[1]: The extension https://fhir.vendor.test/StructureDefinition/unknown could not be found, so it was not checked: load the package or definitions that define it',
      'error Observation.extension[2]: Extension.url is required in order to identify, use and validate the extension',
      'error Observation.extension[2]: Extension.url: minimum required = 1, but only found 0 (from http://hl7.org/fhir/StructureDefinition/Extension|4.0.1)',
      'error Observation.modifierExtension[0]: The modifier extension https://fhir.vendor.test/StructureDefinition/unknown-modifier could not be found, so it was not checked: load the package or definitions that define it (a modifier extension that is not understood makes the element unsafe to process)',
    ]);
  });

  it('evaluates FHIRPath invariants on every element', async () => {
    expect(issues(await validator.validate({ resourceType: 'Patient', contact: [{ gender: 'male' }] }))).to.deep.equal([
      "error Patient.contact[0]: Constraint failed: pat-1: 'SHALL at least contain a contact's details or a reference to an organization'",
    ]);
    const encounter = { resourceType: 'Encounter', status: 'finished', class: { system: 'http://terminology.hl7.org/CodeSystem/v3-ActCode', code: 'AMB' }, period: { start: '2020-02-02', end: '2020-01-01' } };
    expect(issues(await validator.validate(encounter))).to.deep.equal([
      "error Encounter.period: Constraint failed: per-1: 'If present, start SHALL have a lower value than end'",
    ]);
  });

  it('validates contained resources, with %rootResource and #id references resolving inside the container', async () => {
    const outcome = await validator.validate({
      resourceType: 'Patient',
      contained: [
        { resourceType: 'Organization', id: 'o1', name: 'A' },
        { resourceType: 'Organization', id: 'o2', name: 'B', active: 'yes' },
      ],
      managingOrganization: { reference: '#o1' },
      generalPractitioner: [{ reference: '#missing' }],
    });
    expect(issues(outcome)).to.deep.equal([
      "error Patient.contained[1].active: The value 'yes' is not a valid boolean: it must be the JSON value true or false",
      "error Patient.generalPractitioner[0]: Constraint failed: ref-1: 'SHALL have a contained resource if a local reference is provided'",
      "error Patient: Constraint failed: dom-3: 'If the resource is contained in another resource, it SHALL be referred to from elsewhere in the resource or SHALL refer to the containing resource'",
    ]);
  });

  it('validates each Bundle entry against its own type and the profiles it claims', async () => {
    const outcome = await validator.validate({
      resourceType: 'Bundle',
      type: 'collection',
      entry: [
        { fullUrl: 'urn:uuid:61ebe359-bfdc-4613-8bf2-c5e300945f0a', resource: { resourceType: 'Patient', birthDate: 'x', meta: { profile: ['http://example.org/StructureDefinition/unknown'] } } },
        { fullUrl: 'Patient/2', resource: { resourceType: 'Patient' } },
      ],
    });
    expect(issues(outcome)).to.deep.equal([
      "error Bundle.entry[0].resource.birthDate: Not a valid date format: 'x'",
      "warning Bundle.entry[0].resource.meta.profile: Profile reference 'http://example.org/StructureDefinition/unknown' has not been checked because it could not be found",
      "error Bundle.entry[1].fullUrl: The fullUrl must be an absolute URL (not 'Patient/2')",
    ]);
  });

  it('validates against a profile: slices, fixed values and the profile named in the findings', async () => {
    const observation = {
      resourceType: 'Observation',
      status: 'final',
      category: [{ text: 'x' }],
      code: { coding: [{ system: 'http://loinc.org', code: '29463-7' }] },
      subject: { reference: 'Patient/1' },
      effectiveDateTime: '2020-01-01',
      valueQuantity: { value: 70, unit: 'kg', system: 'http://example.org', code: 'kg' },
    };
    const outcome = await validator.validate(observation, { profiles: ['http://hl7.org/fhir/StructureDefinition/bodyweight'] });
    expect(issues(outcome)).to.deep.equal([
      "error Observation: Slice 'Observation.category:VSCat': a matching slice is required, but not found (from http://hl7.org/fhir/StructureDefinition/bodyweight|4.0.1)",
      "error Observation.value.ofType(Quantity).system: Value is 'http://example.org' but is fixed to 'http://unitsofmeasure.org' in the profile http://hl7.org/fhir/StructureDefinition/bodyweight|4.0.1",
    ]);
  });

  it('reports a profile asked for that is not loaded, without throwing', async () => {
    expect(issues(await validator.validate({ resourceType: 'Basic', code: { text: 'x' } }, { profiles: ['http://example.org/StructureDefinition/nothing'] }))).to.deep.equal([
      'error Basic: Profile http://example.org/StructureDefinition/nothing could not be found, so the resource could not be validated against it',
    ]);
  });
});
