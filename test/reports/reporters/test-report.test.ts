import { expect } from 'chai';
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { collectRun, replayRun } from '../../../reports/collected-run.js';
import { testReportReporter, testReports } from '../../../reports/reporters/test-report.js';
import { structureProblems } from '../../support/r4-structure-check.js';
import { runReportFixture } from '../../support/run-report-fixture.js';

describe('the FHIR TestReport reporter', () => {
  const { report, exchanges } = runReportFixture({
    outcomes: { 'fhir-r4-rest/read/patient': 'fail', 'fhir-r4-rest/read/etag': 'fail', 'fhir-r4-rest/write/create': 'omit', 'pds/retrieve/by-nhs-number': 'error' },
  });

  it('writes one TestReport per suite with the outcome of each test', async () => {
    const resources = testReports(await collectRun(replayRun(report, exchanges)));
    expect(resources.map((r) => [r.id, r.result, r.score, r.test?.length])).to.deep.equal([
      ['assay-fhir-r4-rest', 'fail', 50, 5],
      ['assay-uk-core', 'pass', 100, 4],
      ['assay-nhs-api', 'pass', 100, 1],
      ['assay-security', 'pass', 100, 1],
      ['assay-pds', 'fail', 0, 1],
    ]);
    const base = resources[0];
    expect(base?.test?.map((t) => [t.name, t.action[0]?.assert?.result])).to.deep.equal([
      ['fhir-r4-rest/capabilities/metadata', 'pass'],
      ['fhir-r4-rest/read/patient', 'fail'],
      ['fhir-r4-rest/read/unknown-id', 'pass'],
      ['fhir-r4-rest/write/create', 'skip'],
      ['fhir-r4-rest/read/etag', 'warning'],
    ]);
    expect(base?.test?.[1]?.action[0]?.assert).to.deep.include({
      message: 'expected status 200 but got 500 <script>alert("x")</script>\nerror processing: status 500 is not 200',
    });
    expect(base?.test?.[1]?.description).to.equal('read Patient (SHALL; verifies R4-READ-01)');
    expect(base?.participant).to.deep.equal([
      { type: 'test-engine', uri: 'urn:assay:0.1.0', display: 'Assay 0.1.0' },
      { type: 'server', uri: 'https://fhir.example-supplier.test/R4', display: 'supplier' },
    ]);
  });

  it('marks the reports of an interrupted run as stopped and pending', async () => {
    const { report: partial } = runReportFixture({ complete: false });
    const resources = testReports(await collectRun(replayRun(partial, [])));
    expect(resources.map((r) => [r.status, r.result])).to.deep.include(['stopped', 'pending']);
  });

  it('keeps to the structure of the R4 TestReport StructureDefinition (elements, cardinality, required bindings)', async () => {
    for (const resource of testReports(await collectRun(replayRun(report, exchanges)))) {
      expect(structureProblems(resource), resource.id).to.deep.equal([]);
    }
  });

  it('is caught by the structure check when it is wrong (the check is not vacuous)', () => {
    const broken = { resourceType: 'TestReport', status: 'done', testScript: { display: 'x', colour: 'red' }, test: [{ action: [] }] };
    expect(structureProblems(broken)).to.deep.equal([
      'TestReport.status: "done" is not in http://hl7.org/fhir/ValueSet/report-status-codes|4.0.1',
      'TestReport.testScript.colour: not an element of Reference',
      'TestReport.result: required (min 1) but missing',
      'TestReport.test.action: at least 1 required',
    ]);
  });

  // Pending until Assay's own validator (profiles/, built in parallel) is on main: then validate each
  // TestReport against the R4 base with it and expect no error or fatal issue.
  it('validates against R4 with Assay\'s own validator');

  it('writes TestReport-<suite>.json files', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'assay-testreport-'));
    try {
      await testReportReporter(dir).fold(replayRun(report, exchanges));
      expect((await readdir(dir)).sort()).to.deep.equal([
        'TestReport-assay-fhir-r4-rest.json',
        'TestReport-assay-nhs-api.json',
        'TestReport-assay-pds.json',
        'TestReport-assay-security.json',
        'TestReport-assay-uk-core.json',
      ]);
      const pds = JSON.parse(await readFile(join(dir, 'TestReport-assay-pds.json'), 'utf8')) as { resourceType: string };
      expect(pds.resourceType).to.equal('TestReport');
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
