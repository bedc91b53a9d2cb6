import { expect } from 'chai';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { readRunReport } from '../../reports/run-report.js';
import { runReportFixture } from '../support/run-report-fixture.js';

describe('readRunReport', () => {
  let dir: string;
  before(async () => (dir = await mkdtemp(join(tmpdir(), 'assay-report-'))));
  after(() => rm(dir, { recursive: true, force: true }));

  async function write(name: string, text: string): Promise<string> {
    const file = join(dir, name);
    await writeFile(file, text);
    return file;
  }

  it('reads a report with every optional field present and returns it unchanged', async () => {
    const { report } = runReportFixture({ outcomes: { 'fhir-r4-rest/read/patient': 'fail', 'pds/retrieve/by-nhs-number': 'skip' } });
    const file = await write('full.json', JSON.stringify(report, null, 2));
    expect(await readRunReport(file)).to.deep.equal(report);
  });

  it('says a truncated report is truncated, naming the file', async () => {
    const text = JSON.stringify(runReportFixture().report);
    const cut = text.slice(0, Math.floor(text.length / 2)).trimEnd();
    const file = await write('cut.json', cut);
    await expectUsageError(
      readRunReport(file),
      `run report ${file} is truncated (its JSON stops unfinished after ${cut.length} characters)`,
    );
  });

  it('names the key and the allowed values for a wrong outcome', async () => {
    const report = structuredClone(runReportFixture().report) as unknown as { tests: { outcome: string }[] };
    (report.tests[2] as { outcome: string }).outcome = 'passed';
    const file = await write('bad-outcome.json', JSON.stringify(report));
    await expectUsageError(
      readRunReport(file),
      `${file} is not a valid Assay run report: at /tests/2/outcome must be one of "pass", "fail", "skip", "omit", "error"`,
    );
  });

  it('names an unknown key', async () => {
    const file = await write('extra.json', JSON.stringify({ ...runReportFixture().report, token: 'x' }));
    await expectUsageError(
      readRunReport(file),
      `${file} is not a valid Assay run report: unknown key "token" at the top level (allowed: reportVersion, runId, tool, startedAt, finishedAt, complete, target, packages, validator, suites, tests, summary, evidence)`,
    );
  });

  it('refuses an evidence file that is not beside the report', async () => {
    const { report } = runReportFixture();
    const file = await write('escape.json', JSON.stringify({ ...report, evidence: { ...report.evidence, file: '../../etc/passwd' } }));
    await expectUsageError(readRunReport(file), `${file} is not a valid Assay run report: at /evidence/file must match pattern "^[^/\\\\]+$"`);
  });

  it('refuses a summary that does not count the tests', async () => {
    const { report } = runReportFixture();
    const file = await write('summary.json', JSON.stringify({ ...report, summary: { ...report.summary, pass: 1 } }));
    await expectUsageError(readRunReport(file), `${file} is not a consistent Assay run report: /summary/pass is 1 but the tests count 12`);
  });

  it('says a newer report version needs a newer Assay', async () => {
    const file = await write('v2.json', JSON.stringify({ ...runReportFixture().report, reportVersion: 2 }));
    await expectUsageError(readRunReport(file), `run report ${file} has reportVersion 2, newer than this Assay reads (1)`);
  });

  it('names a missing file', async () => {
    await expectUsageError(readRunReport(join(dir, 'nope.json')), `cannot read run report ${join(dir, 'nope.json')} (ENOENT)`);
  });
});

async function expectUsageError(promise: Promise<unknown>, message: string): Promise<void> {
  const error = await promise.then(
    () => expect.fail('expected a UsageError'),
    (e: unknown) => e,
  );
  expect(error).to.have.property('name', 'UsageError');
  expect((error as Error).message).to.equal(message);
}
