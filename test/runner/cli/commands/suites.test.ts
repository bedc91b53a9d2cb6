import { expect } from 'chai';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runAssay } from '../../../support/assay-binary.js';
import { repoRoot } from '../../../support/paths.js';

const fixtures = join(repoRoot, 'test', 'fixtures', 'suites');

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
    const result = await runAssay(['suites'], { cwd: dir });
    expect(result).to.deep.include({ code: 0, stderr: '' });
    expect(result.stdout).to.equal(
      [
        'SUITE      VERSION  REQUIREMENTS  TESTS  TITLE',
        'demo-rest  1.0.0    5             5      Demo REST suite (runner tests only)',
        'probe      0.1.0    1             3      Probe (runner tests only)',
        '',
      ].join('\n'),
    );
  });

  it('shows per suite the requirements with and without tests', async () => {
    const result = await runAssay(['suites', '--coverage'], { cwd: dir });
    expect(result.code).to.equal(0);
    expect(result.stdout).to.equal(
      [
        'demo-rest 1.0.0: 4 of 5 requirements have a test (80%)',
        '  no test   DEMO-UNTESTED-01  SHALL  The server SHALL do something no test checks yet.',
        'probe 0.1.0: 1 of 1 requirements have a test (100%)',
        '',
      ].join('\n'),
    );
  });

  it('gives the same as JSON', async () => {
    const result = await runAssay(['suites', '--coverage', '--format', 'json'], { cwd: dir });
    const rows = JSON.parse(result.stdout) as { id: string; covered: string[]; uncovered: { id: string }[] }[];
    expect(rows.map((row) => [row.id, row.covered.length, row.uncovered.map((requirement) => requirement.id)])).to.deep.equal([
      ['demo-rest', 4, ['DEMO-UNTESTED-01']],
      ['probe', 1, []],
    ]);
  });
});
