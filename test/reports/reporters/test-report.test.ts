import { expect } from 'chai';
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { collectRun, replayRun } from '../../../reports/collected-run.js';
import { testReportReporter, testReports } from '../../../reports/reporters/test-report.js';
import { sharedProfileSet } from '../../support/definitions.js';
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

  /** The error and fatal issues Assay's own validator finds, against the R4 base, as `expression: text`. */
  async function errors(resource: unknown): Promise<string[]> {
    const outcome = await (await sharedProfileSet('hl7.fhir.r4.core#4.0.1')).validate(resource);
    return outcome.issue.filter((i) => i.severity === 'error' || i.severity === 'fatal').map((i) => `${i.expression?.join(', ') ?? ''}: ${i.details?.text ?? ''}`);
  }

  it('validates against R4 with Assay\'s own validator (no error or fatal issue), for a complete and an interrupted run', async () => {
    const { report: partial } = runReportFixture({ complete: false });
    const resources = [...testReports(await collectRun(replayRun(report, exchanges))), ...testReports(await collectRun(replayRun(partial, [])))];
    expect(resources).to.have.length(10);
    for (const resource of resources) expect(await errors(resource), `${resource.id ?? ''} (${resource.status})`).to.deep.equal([]);
  });

  it('is caught by the validator when it is wrong (the check is not vacuous)', async () => {
    const broken = { resourceType: 'TestReport', status: 'done', testScript: { display: 'x', colour: 'red' }, test: [{ action: [] }] };
    expect(await errors(broken)).to.deep.equal([
      "TestReport.testScript.colour: Unrecognized property 'colour'",
      'TestReport: TestReport.result: minimum required = 1, but only found 0 (from http://hl7.org/fhir/StructureDefinition/TestReport|4.0.1)',
      // An empty array gives FHIRPath no node, so test[0] has no children (as fhirpath.js and the HL7 validator read it).
      "TestReport.test[0]: Constraint failed: ele-1: 'All FHIR elements must have a @value or children'",
      'TestReport.test[0].action: Array cannot be empty: the property action should not be present if it has no values',
      'TestReport.test[0]: TestReport.test.action: minimum required = 1, but only found 0 (from http://hl7.org/fhir/StructureDefinition/TestReport|4.0.1)',
      "TestReport.status: The code done is not in the value set 'http://hl7.org/fhir/ValueSet/report-status-codes|4.0.1', and a code from this value set is required (from http://hl7.org/fhir/StructureDefinition/TestReport|4.0.1)",
    ]);
  });

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
