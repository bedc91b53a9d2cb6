import { expect } from 'chai';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runAssay } from '../../../support/assay-binary.js';
import { repoRoot, sharedPackageCache } from '../../../support/paths.js';

const fixtures = join(repoRoot, 'test', 'fixtures', 'suites');
/** uk-core is generated from UK Core in the package cache. */
const env = { ASSAY_PACKAGE_CACHE: sharedPackageCache };

describe('assay suites', () => {
  let dir: string;
  before(() => {
    dir = mkdtempSync(join(tmpdir(), 'assay-suites-'));
    writeFileSync(
      join(dir, 'assay.config.yaml'),
      `suiteModules:\n  - ${join(fixtures, 'demo-rest', 'index.ts')}\n  - ${join(fixtures, 'probe', 'index.ts')}\ntargets:\n  x:\n    baseUrl: http://127.0.0.1:9\n`,
    );
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  it('lists suites with versions, requirement and test counts', async () => {
    const result = await runAssay(['suites'], { cwd: dir, env });
    expect(result).to.deep.include({ code: 0, stderr: '' });
    expect(result.stdout).to.equal(
      [
        'SUITE      VERSION                          REQUIREMENTS  TESTS  TITLE',
        'pds        1.0.0                            42            62     Personal Demographics Service (PDS) FHIR API',
        'demo-rest  1.0.0                            5             5      Demo REST suite (runner tests only)',
        'probe      0.1.0                            1             3      Probe (runner tests only)',
        'uk-core    1.0.0+fhir.r4.ukcore.stu2.2.0.2  249           339    UK Core profiles (generated from fhir.r4.ukcore.stu2#2.0.2, hl7.fhir.r4.core#4.0.1)',
        '',
      ].join('\n'),
    );
  });

  it('shows per suite the requirements with and without tests', async () => {
    const result = await runAssay(['suites', '--coverage'], { cwd: dir, env });
    expect(result.code).to.equal(0);
    expect(result.stdout).to.equal(
      [
        'pds 1.0.0: 62 tests; 42 of 42 requirements have a test (100%)',
        'demo-rest 1.0.0: 5 tests; 4 of 5 requirements have a test (80%)',
        '  no test   DEMO-UNTESTED-01  SHALL  The server SHALL do something no test checks yet.',
        'probe 0.1.0: 3 tests; 1 of 1 requirements have a test (100%)',
        'uk-core 1.0.0+fhir.r4.ukcore.stu2.2.0.2: 339 tests; 249 of 249 requirements have a test (100%)',
        '',
      ].join('\n'),
    );
  });

  it('leaves out a generated suite whose package is not cached, saying how to add it', async () => {
    const result = await runAssay(['suites', '--package-cache', join(dir, 'empty-cache')], { cwd: dir });
    expect(result.code).to.equal(0);
    expect(result.stdout.split('\n').map((line) => line.split(' ')[0])).to.deep.equal(['SUITE', 'pds', 'demo-rest', 'probe', '']);
    expect(result.stderr).to.equal(
      `note: uk-core is generated from fhir.r4.ukcore.stu2#2.0.2, which cannot be loaded from ${join(dir, 'empty-cache')} (FHIR package fhir.r4.ukcore.stu2#2.0.2 is not in the package cache ${join(dir, 'empty-cache')}; install it there, give --package-cache DIR (or ASSAY_PACKAGE_CACHE), or pass the package folder or .tgz with --package); "assay packages install fhir.r4.ukcore.stu2#2.0.2" adds it\n`,
    );
  });

  it('gives the same as JSON', async () => {
    const result = await runAssay(['suites', '--coverage', '--format', 'json'], { cwd: dir, env });
    const rows = JSON.parse(result.stdout) as { id: string; covered: string[]; uncovered: { id: string }[] }[];
    expect(rows.map((row) => [row.id, row.covered.length, row.uncovered.map((requirement) => requirement.id)])).to.deep.equal([
      ['pds', 42, []],
      ['demo-rest', 4, ['DEMO-UNTESTED-01']],
      ['probe', 1, []],
      ['uk-core', 249, []],
    ]);
  });
});
