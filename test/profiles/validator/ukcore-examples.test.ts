import { expect } from 'chai';
import type { OperationOutcome } from 'fhir/r4.js';
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Validator } from '../../../profiles/validator/index.js';
import { createValidator } from '../../../profiles/validator/index.js';
import { sharedDefinitions } from '../../support/definitions.js';
import { sharedDir, sharedPackageCache } from '../../support/paths.js';

/**
 * No false errors on UK Core: each of the 140 examples validates without an error against the profile it
 * illustrates (../shared/corpora/ukcore-examples-profiles.json; null means the base spec only), except these,
 * which are genuinely invalid (each must still be reported for the stated reason).
 */
const genuinelyInvalid: Readonly<Record<string, RegExp>> = {
  // A relative reference must have the form [type]/[id]; these give only an id.
  'UKCore-DiagnosticReport-Lab-DiagnosticStudiesReport-Example.json': /Relative URLs must be of the format \[ResourceName\]\/\[id\]\. Encountered UKCore-Observation-Group-FullBloodCount-Example/,
  'UKCore-Immunization-InfluenzaVaccine-Example.json': /Relative URLs must be of the format \[ResourceName\]\/\[id\]\. Encountered UKCore-Location-GeneralPracticeNurseClinic-Example/,
  // The NHS number's check digit is wrong (Modulus 11 gives 6, not 0).
  'UKCore-Patient-BabyPatient-Example.json': /'9912003890' is not a valid NHS number: its check digit \(Modulus 11\) does not match/,
};

function errors(outcome: OperationOutcome): string[] {
  return outcome.issue.filter((i) => i.severity === 'error' || i.severity === 'fatal').map((i) => `${i.expression?.[0] ?? ''}: ${i.details?.text ?? ''}`);
}

describe('the validator on the 140 UK Core examples, against the profiles they illustrate', function () {
  this.timeout(120_000);
  const dir = join(sharedPackageCache, 'fhir.r4.ukcore.stu2#2.0.2', 'package', 'examples');
  let validator: Validator;
  let profiles: Record<string, string | null>;

  before(async () => {
    validator = createValidator(await sharedDefinitions('fhir.r4.ukcore.stu2#2.0.2'));
    profiles = JSON.parse(await readFile(join(sharedDir, 'corpora', 'ukcore-examples-profiles.json'), 'utf8')) as Record<string, string | null>;
  });

  async function validate(file: string): Promise<OperationOutcome> {
    const profile = profiles[file];
    const json: unknown = JSON.parse(await readFile(join(dir, file), 'utf8'));
    return validator.validate(json, profile === null || profile === undefined ? {} : { profiles: [profile] });
  }

  it('maps every one of the 140 examples to a profile or the base spec', async () => {
    const files = (await readdir(dir)).filter((f) => f.endsWith('.json')).sort();
    expect(files).to.have.length(140);
    expect(files.filter((f) => !(f in profiles))).to.deep.equal([]);
  });

  it('reports no error on any example that is not genuinely invalid', async () => {
    const falseErrors: string[] = [];
    for (const file of Object.keys(profiles).filter((f) => genuinelyInvalid[f] === undefined)) {
      falseErrors.push(...errors(await validate(file)).map((e) => `${file} ${e}`));
    }
    expect(falseErrors).to.deep.equal([]);
  });

  it('reports each genuinely invalid example for its stated reason', async () => {
    for (const [file, reason] of Object.entries(genuinelyInvalid)) {
      const found = errors(await validate(file));
      expect(found.some((e) => reason.test(e)), `${file}: ${found.join('; ')}`).to.equal(true);
    }
  });

  it('says which codes it could not check instead of passing them silently', async () => {
    const outcome = await validate('UKCore-Patient-RichardSmith-Example.json');
    const notChecked = outcome.issue.filter((i) => /was NOT checked/.test(i.details?.text ?? ''));
    expect(notChecked.map((i) => [i.severity, i.expression?.[0]])).to.deep.equal([['warning', 'Patient.communication[0].language']]);
    expect(notChecked[0]?.details?.text).to.contain('checking it needs a terminology server');
  });
});
