import { expect } from 'chai';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runAssay } from '../../../support/assay-binary.js';
import { writeReport } from '../../../support/certificate-files.js';
import { runReportFixture } from '../../../support/run-report-fixture.js';

describe('assay diff', () => {
  let dir: string;
  before(async () => (dir = await mkdtemp(join(tmpdir(), 'assay-diff-'))));
  after(() => rm(dir, { recursive: true, force: true }));

  it('lists a SHALL regression by requirement and exits 1', async () => {
    const old = await writeReport(dir, runReportFixture().report, 'old.json');
    const now = await writeReport(dir, runReportFixture({ outcomes: { 'security/auth/no-token': 'fail' } }).report, 'new.json');
    const result = await runAssay(['diff', old, now], { cwd: dir });
    expect(result).to.deep.include({ code: 1, stderr: '' });
    expect(result.stdout).to.contain('Regressions (1):\n  SEC-AUTH-01  security  SHALL  pass -> fail\n');
  });

  it('exits 0 for fixes only', async () => {
    const old = await writeReport(dir, runReportFixture({ outcomes: { 'security/auth/no-token': 'fail' } }).report, 'a.json');
    const now = await writeReport(dir, runReportFixture().report, 'b.json');
    const result = await runAssay(['diff', old, now, '--format', 'json']);
    expect(result.code).to.equal(0);
    expect((JSON.parse(result.stdout) as { fixes: unknown[] }).fixes).to.deep.equal([
      { id: 'SEC-AUTH-01', suite: 'security', level: 'SHALL', before: 'fail', after: 'pass' },
    ]);
  });

  it('refuses a file that is neither a report nor a certificate, exit 2', async () => {
    const old = await writeReport(dir, runReportFixture().report, 'x.json');
    const result = await runAssay(['diff', old, join(dir, '..', 'nothing-here.jws')]);
    expect(result.code).to.equal(2);
    expect(result.stderr).to.match(/^assay: cannot read run report or certificate .*nothing-here\.jws \(ENOENT\); pass two run reports \(report\.json\) or certificates \(\.jws\)\n$/);
  });
});
