import { expect } from 'chai';
import type { OperationOutcome } from 'fhir/r4.js';
import { loadProfileSet } from '../../profiles/index.js';
import type { ProfileSet } from '../../profiles/index.js';
import { sharedPackageCache } from '../support/paths.js';

const patient = { resourceType: 'Patient', identifier: [{ system: 'https://fhir.nhs.uk/Id/nhs-number', value: '9000000008' }] };

function errors(outcome: OperationOutcome): string[] {
  return outcome.issue.filter((i) => i.severity === 'error').map((i) => `${i.expression?.[0] ?? ''}: ${i.details?.text ?? ''}`);
}

describe('loadProfileSet', function () {
  this.timeout(60_000);
  let ukCore: ProfileSet;
  let r4Only: ProfileSet;

  before(async () => {
    ukCore = await loadProfileSet({ packages: [], cacheDir: sharedPackageCache, offline: true });
    r4Only = await loadProfileSet({ packages: ['hl7.fhir.r4.core#4.0.1'], cacheDir: sharedPackageCache, offline: true });
  });

  it('loads UK Core, and R4 core through it, when no package is asked for', () => {
    expect(ukCore.packages.map((p) => `${p.id}#${p.version}`)).to.deep.equal(['fhir.r4.ukcore.stu2#2.0.2', 'hl7.fhir.r4.core#4.0.1']);
    expect(ukCore.terminology).to.deep.equal({ kind: 'local' });
    expect(Object.isFrozen(ukCore)).to.equal(true);
    expect(ukCore.resolve('https://fhir.hl7.org.uk/StructureDefinition/UKCore-Patient')?.resourceType).to.equal('StructureDefinition');
  });

  it('applies NHS identifier rules where UK Core is loaded, and two sets with different packages coexist', async () => {
    expect(errors(await ukCore.validate(patient))).to.deep.equal([
      "Patient.identifier[0].value: '9000000008' is not a valid NHS number: its check digit (Modulus 11) does not match",
    ]);
    expect(errors(await r4Only.validate(patient))).to.deep.equal([]);
    expect(r4Only.resolve('https://fhir.hl7.org.uk/StructureDefinition/UKCore-Patient')).to.equal(undefined);
  });

  it('validates against profiles asked for, beside those claimed', async () => {
    const outcome = await ukCore.validate({ resourceType: 'Patient' }, { profiles: ['https://fhir.hl7.org.uk/StructureDefinition/UKCore-Patient'] });
    expect(outcome.resourceType).to.equal('OperationOutcome');
    expect(errors(outcome)).to.deep.equal([]);
  });
});
