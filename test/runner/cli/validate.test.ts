import { expect } from 'chai';
import { copyFile, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runAssay } from '../../support/assay-binary.js';
import { sharedDir, sharedPackageCache } from '../../support/paths.js';

const ukCorePatient = 'https://fhir.hl7.org.uk/StructureDefinition/UKCore-Patient';

/** A profile on Patient with one differential element, as a file's text. */
function patientProfile(name: string, element: Record<string, unknown>): string {
  const url = `http://example.org/StructureDefinition/${name}`;
  const base = 'http://hl7.org/fhir/StructureDefinition/Patient';
  return JSON.stringify({ resourceType: 'StructureDefinition', url, name, status: 'draft', kind: 'resource', abstract: false, type: 'Patient', baseDefinition: base, derivation: 'constraint', differential: { element: [element] } });
}

describe('assay validate', function () {
  this.timeout(120_000);
  let dir: string;
  let env: Record<string, string>;
  const file = (name: string): string => join(dir, name);

  before(async () => {
    dir = await mkdtemp(join(tmpdir(), 'assay-validate-'));
    env = { ASSAY_PACKAGE_CACHE: sharedPackageCache, ASSAY_COMPILED_CACHE: join(dir, 'compiled'), ASSAY_OFFLINE: '1' };
    await copyFile(join(sharedDir, 'corpora', 'r4-spec-examples', 'Patient-example.json'), file('patient.json'));
    await writeFile(file('bad-nhs.json'), JSON.stringify({ resourceType: 'Patient', identifier: [{ system: 'https://fhir.nhs.uk/Id/nhs-number', value: '9000000008' }] }));
    await writeFile(file('broken.json'), '{"resourceType": "Patient",');
    await writeFile(file('patient.xml'), '<Patient xmlns="http://hl7.org/fhir"><active value="yes" colour="red"/><name><family value="Chalmers"/></name></Patient>');
    await writeFile(file('broken.xml'), '<Patient xmlns="http://hl7.org/fhir"><active value="true"></Patient>');
    await writeFile(file('deep.xml'), `<Patient xmlns="http://hl7.org/fhir">${'<extension url="http://x/e">'.repeat(50_000)}${'</extension>'.repeat(50_000)}</Patient>`);
    await writeFile(file('needs-name.json'), patientProfile('named-patient', { id: 'Patient.name', path: 'Patient.name', min: 1 }));
    await writeFile(file('bad-profile.json'), patientProfile('bad', { id: 'Patient.nickname', path: 'Patient.nickname', min: 1 }));
  });

  after(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('says each file is valid or not, with its issues, and exits 1 when one has an error', async () => {
    const result = await runAssay(['validate', file('patient.json'), file('bad-nhs.json'), '--profile', ukCorePatient], { env });
    expect(result.code).to.equal(1);
    expect(result.stderr).to.equal('');
    expect(result.stdout).to.contain(`${file('patient.json')}: valid (0 errors, 0 warnings; terminology: local)\n`);
    expect(result.stdout).to.contain(`${file('bad-nhs.json')}: invalid (1 error, 1 warning; terminology: local)\n`);
    expect(result.stdout).to.contain("  error       Patient.identifier[0].value  '9000000008' is not a valid NHS number: its check digit (Modulus 11) does not match\n");
  });

  it('prints one OperationOutcome per file with --format json, and exits 0 when none has an error', async () => {
    const result = await runAssay(['validate', file('patient.json'), file('patient.json'), '--format', 'json'], { env });
    expect(result.code).to.equal(0);
    const lines = result.stdout.trim().split('\n');
    expect(lines).to.have.length(2);
    for (const line of lines) expect((JSON.parse(line) as { resourceType: string }).resourceType).to.equal('OperationOutcome');
  });

  it('validates against a profile given as a file', async () => {
    const result = await runAssay(['validate', file('bad-nhs.json'), '--profile', file('needs-name.json'), '--package', 'hl7.fhir.r4.core#4.0.1'], { env });
    expect(result.code).to.equal(1);
    expect(result.stdout).to.contain('  error       Patient  Patient.name: minimum required = 1, but only found 0 (from http://example.org/StructureDefinition/named-patient)\n');
  });

  it('reads XML too, reporting what the XML form gets wrong beside what the content gets wrong', async () => {
    const result = await runAssay(['validate', file('patient.xml'), '--package', 'hl7.fhir.r4.core#4.0.1'], { env });
    expect(result.code).to.equal(1);
    expect(result.stdout).to.contain("  error       Patient.active  Undefined attribute '@colour' on active\n");
    expect(result.stdout).to.contain("  error       Patient.active  The value 'yes' is not a valid boolean: it must be the JSON value true or false\n");
  });

  const usageErrors: [string, () => string[], RegExp][] = [
    ['malformed XML', () => ['validate', file('broken.xml')], /^assay: .*broken\.xml is not well-formed XML \(expected <\/active> \(line 1, column \d+\)\); repair it: it must be a FHIR resource in XML or JSON\n$/],
    ['XML nested too deeply to read', () => ['validate', file('deep.xml')], /^assay: .*deep\.xml nests its XML elements too deeply to be read; no FHIR resource needs thousands of levels: check what produced it\n$/],
    ['a malformed JSON file', () => ['validate', file('broken.json')], /^assay: .*broken\.json is not valid JSON \(.*\); repair it: it must be a FHIR resource in JSON \(or XML\)\n$/],
    ['an unreadable file', () => ['validate', file('missing.json')], /^assay: cannot read .*missing\.json \(ENOENT\); check the path and its permissions\n$/],
    [
      'a profile URL that resolves nowhere',
      () => ['validate', file('patient.json'), '--profile', 'http://example.org/StructureDefinition/none'],
      /^assay: profile http:\/\/example\.org\/StructureDefinition\/none is not defined by any loaded package or definitions file; load the package that defines it with --package ID#VERSION, or its StructureDefinition with --definitions FILE or --profile FILE\n$/,
    ],
    [
      'a pinned profile version that is not loaded',
      () => ['validate', file('patient.json'), '--profile', `${ukCorePatient}|9.9.9`],
      /^assay: profile https:\/\/fhir\.hl7\.org\.uk\/StructureDefinition\/UKCore-Patient is loaded in version 2\.5\.0, not the version 9\.9\.9 asked for; /,
    ],
    [
      'a profile whose differential is broken',
      () => ['validate', file('patient.json'), '--definitions', file('bad-profile.json'), '--profile', 'http://example.org/StructureDefinition/bad', '--package', 'hl7.fhir.r4.core#4.0.1'],
      /^assay: StructureDefinition http:\/\/example\.org\/StructureDefinition\/bad: .*Patient\.nickname.*; /,
    ],
  ];
  for (const [what, args, message] of usageErrors) {
    it(`exits 2 with one line and no stack for ${what}`, async () => {
      const result = await runAssay(args(), { env });
      expect(result.code).to.equal(2);
      expect(result.stdout).to.equal('');
      expect(result.stderr).to.match(message);
      expect(result.stderr.split('\n')).to.have.length(2);
    });
  }
});
