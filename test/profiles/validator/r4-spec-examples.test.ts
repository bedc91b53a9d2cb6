import { expect } from 'chai';
import type { OperationOutcome } from 'fhir/r4.js';
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Validator } from '../../../profiles/validator/index.js';
import { createValidator } from '../../../profiles/validator/index.js';
import { sharedDefinitions } from '../../support/definitions.js';
import { sharedDir } from '../../support/paths.js';

/**
 * No false errors: every R4 specification example validates without an error against the base spec, except
 * these, which are genuinely invalid (each must still be reported for the stated reason).
 */
const genuinelyInvalid: Readonly<Record<string, RegExp>> = {
  // TestScript.*.accept and contentType are bound (required) to MIME types; "xml" and "json" are not MIME types.
  'TestScript-testscript-example.json': /The code json is not in the value set 'http:\/\/hl7.org\/fhir\/ValueSet\/mimetypes/,
  'TestScript-testscript-example-history.json': /The code json is not in the value set 'http:\/\/hl7.org\/fhir\/ValueSet\/mimetypes/,
  'TestScript-testscript-example-multisystem.json': /The code xml is not in the value set 'http:\/\/hl7.org\/fhir\/ValueSet\/mimetypes/,
  'TestScript-testscript-example-readtest.json': /The code xml is not in the value set 'http:\/\/hl7.org\/fhir\/ValueSet\/mimetypes/,
  'TestScript-testscript-example-search.json': /The code xml is not in the value set 'http:\/\/hl7.org\/fhir\/ValueSet\/mimetypes/,
  'TestScript-testscript-example-update.json': /The code xml is not in the value set 'http:\/\/hl7.org\/fhir\/ValueSet\/mimetypes/,
  // Narrative whose div holds only whitespace: txt-2 (SHALL have some non-whitespace content).
  'ActivityDefinition-blood-tubes-supply.json': /txt-2/,
  'ActivityDefinition-heart-valve-replacement.json': /txt-2/,
  'EventDefinition-example.json': /txt-2/,
  'Questionnaire-zika-virus-exposure-assessment.json': /txt-2/,
  // Questionnaire.item.linkId is 1..1; three nested items have none.
  'Questionnaire-qs1.json': /Questionnaire.item.linkId: minimum required = 1, but only found 0/,
  // References to resource types the element does not allow.
  'MedicationRequest-medrx0301.json': /The type 'Practitioner' of the reference Practitioner\/f001 is not a valid Target .*Organization/,
  'Observation-clinical-gender.json': /The type 'Encounter' of the reference Encounter\/example is not a valid Target/,
  'DeviceMetric-example.json': /The type 'DeviceDefinition' of the reference DeviceDefinition\/dc102 is not a valid Target .*Device/,
  'DeviceUseStatement-example.json': /The type 'Procedure' of the reference Procedure\/example is not a valid Target/,
  // Bundle.entry.fullUrl SHALL NOT disagree with the id of the entry's resource.
  'Bundle-10bb101f-a121-4264-a920-67be9cb82c74.json': /The fullUrl 'http:\/\/acme.com\/ehr\/fhir\/Patient\/pat12' .* \(Patient\/pat2\)/,
  'Bundle-3a0707d3-549e-4467-b8b8-5a2ab3800efe.json': /The fullUrl 'http:\/\/acme.com\/ehr\/fhir\/Patient\/pat12' .* \(Patient\/pat2\)/,
  'Bundle-lri-example.json': /The fullUrl 'http:\/\/test.fhir.org\/r4\/Observation\/lri-gramstain1' .* \(Observation\/gramstain1\)/,
  // dataRequirement.codeFilter.valueSet is the placeholder 'urn:oid:X.Y.Z', which is not an OID.
  'Library-zika-virus-intervention-logic.json': /The canonical 'urn:oid:X.Y.Z' is not a valid OID/,
};

function errors(outcome: OperationOutcome): string[] {
  return outcome.issue.filter((i) => i.severity === 'error' || i.severity === 'fatal').map((i) => `${i.expression?.[0] ?? ''}: ${i.details?.text ?? ''}`);
}

describe('the validator on the 717 R4 specification examples', function () {
  this.timeout(180_000);
  const dir = join(sharedDir, 'corpora', 'r4-spec-examples');
  let validator: Validator;
  let files: string[];

  before(async () => {
    validator = createValidator(await sharedDefinitions('hl7.fhir.r4.core#4.0.1'));
    files = (await readdir(dir)).filter((f) => f.endsWith('.json')).sort();
  });

  it('finds all 717 examples', () => {
    expect(files).to.have.length(717);
  });

  it('reports no error on any example that is not genuinely invalid', async () => {
    const falseErrors: string[] = [];
    for (const file of files.filter((f) => genuinelyInvalid[f] === undefined)) {
      const outcome = await validator.validate(JSON.parse(await readFile(join(dir, file), 'utf8')));
      falseErrors.push(...errors(outcome).map((e) => `${file} ${e}`));
    }
    expect(falseErrors).to.deep.equal([]);
  });

  it('reports each genuinely invalid example for its stated reason', async () => {
    for (const [file, reason] of Object.entries(genuinelyInvalid)) {
      const outcome = await validator.validate(JSON.parse(await readFile(join(dir, file), 'utf8')));
      expect(errors(outcome).some((e) => reason.test(e)), `${file}: ${errors(outcome).join('; ')}`).to.equal(true);
    }
  });
});
