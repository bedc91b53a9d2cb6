import { expect } from 'chai';
import type { Definitions, ProfileSet } from '../../../profiles/index.js';
import type { TestResult } from '../../../reports/model.js';
import type { DefectId, SandboxContent } from '../../../sandbox/index.js';
import { startSandbox } from '../../../sandbox/index.js';
import { ukCoreSuite } from '../../../suites/uk-core/index.js';
import { sandboxContent } from '../../support/sandbox.js';
import { nationalProfiles } from '../national-run.js';
import { notPassing, runSuite } from '../run-suite.js';

function failing(results: readonly TestResult[]): string[] {
  return notPassing(results)
    .map((line) => line.slice(0, line.indexOf(':')))
    .sort();
}

describe('the uk-core suite against the sandbox', () => {
  let definitions: Definitions;
  let profiles: ProfileSet;
  let content: SandboxContent;
  let clean: readonly TestResult[];

  async function runAgainst(defects: readonly DefectId[], concurrency?: number): Promise<readonly TestResult[]> {
    const sandbox = await startSandbox({ content, profiles, defects });
    try {
      return await runSuite(ukCoreSuite(definitions), { baseUrl: sandbox.baseUrl, writable: true, profiles, ...(concurrency === undefined ? {} : { concurrency }) });
    } finally {
      await sandbox.close();
    }
  }

  before(async () => {
    ({ definitions, profiles } = await nationalProfiles());
    content = await sandboxContent();
    clean = await runAgainst([]);
  });

  it('covers every profile of UK Core 2.0.2 the sandbox serves: 31 profiles, each with instances checked', () => {
    const served = new Set([...content.types.values()].flatMap((type) => type.supportedProfiles));
    const groups = new Set(clean.map((result) => result.group));
    expect(served.size).to.equal(31);
    expect(groups.size).to.equal(31);
    const validated = clean.filter((result) => result.id.endsWith('/valid'));
    expect(validated.map((result) => result.outcome).filter((outcome) => outcome === 'skip' || outcome === 'omit')).to.deep.equal([]);
    expect(clean).to.have.length(339);
  });

  it('omits only what does not apply, saying why', () => {
    expect(notPassing(clean, ['skip', 'omit'])).to.deep.equal([
      'uk-core/ukcore-medication/references-resolve omit: the returned UKCore-Medication instances make no literal reference to this server',
      'uk-core/ukcore-practitioner/references-resolve omit: the returned UKCore-Practitioner instances make no literal reference to this server',
    ]);
  });

  it('passes every test against the clean sandbox, and errors nowhere', () => {
    expect(failing(clean)).to.deep.equal([]);
  });

  it('drops-must-support fails UKCORE-PATIENT-MS-TELECOM, skips the elements below it, and nothing else', async () => {
    const results = await runAgainst(['drops-must-support']);
    expect(failing(results)).to.deep.equal(['uk-core/ukcore-patient/must-support-patient-telecom fail']);
    expect(results.find((result) => result.id === 'uk-core/ukcore-patient/must-support-patient-telecom')?.verifies).to.deep.equal(['UKCORE-PATIENT-MS-TELECOM']);
    expect(notPassing(results, ['skip'])).to.deep.equal([
      'uk-core/ukcore-patient/must-support-patient-telecom-system skip: Patient.telecom, the Must Support element Patient.telecom.system belongs to, is itself never demonstrated',
      'uk-core/ukcore-patient/must-support-patient-telecom-value skip: Patient.telecom, the Must Support element Patient.telecom.value belongs to, is itself never demonstrated',
    ]);
  });

  it('serves-profile-violations fails UKCORE-PATIENT-VALID on the address use, and nothing else', async () => {
    const results = await runAgainst(['serves-profile-violations']);
    expect(failing(results)).to.deep.equal(['uk-core/ukcore-patient/valid fail']);
    const valid = results.find((result) => result.id === 'uk-core/ukcore-patient/valid');
    const addressUse = (valid?.findings ?? []).filter((finding) => finding.severity === 'error' && (finding.expression ?? []).some((path) => /^Patient\.address\[\d+\]\.use$/.test(path)));
    expect(addressUse.length).to.be.greaterThan(0);
    const cleanValid = clean.find((result) => result.id === 'uk-core/ukcore-patient/valid');
    expect((cleanValid?.findings ?? []).some((finding) => (finding.expression ?? []).some((path) => path.includes('.address')))).to.equal(false);
  });

  it('accepts-invalid-nhs-number fails UKCORE-NHS-NUMBER-CHECK-DIGIT, deletes what it stored, and nothing else fails', async () => {
    // One test at a time, so no other test reads the stored Patient before it is deleted.
    const results = await runAgainst(['accepts-invalid-nhs-number'], 1);
    expect(failing(results)).to.deep.equal(['uk-core/ukcore-patient/rejects-invalid-nhs-number fail']);
    const write = results.find((result) => result.id === 'uk-core/ukcore-patient/rejects-invalid-nhs-number');
    expect(write?.verifies).to.deep.equal(['UKCORE-NHS-NUMBER-CHECK-DIGIT']);
    expect(write?.message).to.match(/^the server stored a Patient with NHS number \d{10}, which fails the Modulus 11 check digit \(it answered 201\)$/);
    expect(write?.evidence.length).to.equal(3);
  });
});
