import type { TestReport, TestReportTest } from 'fhir/r4.js';
import { join } from 'node:path';
import { writeFilesAtomically } from '../atomic-files.js';
import type { CollectedRun } from '../collected-run.js';
import { collectRun } from '../collected-run.js';
import { sha256Hex, uuidFromName } from '../digest.js';
import type { Reporter, SuiteInfo, TestResult } from '../model.js';
import { summarise } from '../run-report.js';

/**
 * One FHIR R4 TestReport per suite (http://hl7.org/fhir/R4/testreport.html), for systems that take
 * test results as FHIR: each Assay test is a TestReport.test with one assert carrying its outcome, the
 * requirements it verifies and references to its evidence.
 */
export function testReports(run: CollectedRun): TestReport[] {
  return run.header.suites.map((suite) => testReport(run, suite));
}

function testReport(run: CollectedRun, suite: SuiteInfo): TestReport {
  const tests = run.tests.filter((test) => test.suite === suite.id);
  const counts = summarise(tests);
  const decided = counts.pass + counts.fail + counts.error;
  const shallFailed = counts.shallFailures > 0;
  const { header } = run;
  return {
    resourceType: 'TestReport',
    id: fhirId(suite.id),
    identifier: { system: 'urn:ietf:rfc:3986', value: `urn:uuid:${uuidFromName(`${header.runId}|${suite.id}`)}` },
    name: `${suite.title} ${suite.version} against ${header.target.name}`,
    status: run.complete ? 'completed' : 'stopped',
    testScript: {
      identifier: { system: 'urn:assay:suite', value: `${suite.id}|${suite.version}` },
      display: `${suite.title} ${suite.version} (Assay suite ${suite.id})`,
    },
    result: shallFailed ? 'fail' : run.complete ? 'pass' : 'pending',
    ...(decided === 0 ? {} : { score: Math.round((counts.pass / decided) * 10_000) / 100 }),
    tester: `Assay ${header.tool.version}`,
    issued: run.finishedAt,
    participant: [
      { type: 'test-engine', uri: `urn:assay:${header.tool.version}`, display: `Assay ${header.tool.version}` },
      { type: 'server', uri: header.target.baseUrl, display: header.target.name },
    ],
    ...(tests.length === 0 ? {} : { test: tests.map(testOf) }),
  };
}

function testOf(test: TestResult): TestReportTest {
  const requirements = test.verifies.length === 0 ? 'no requirement' : test.verifies.join(', ');
  const findings = (test.findings ?? []).map((f) => `${f.severity} ${f.code}: ${f.text}`);
  const message = [test.message, ...findings].filter((line): line is string => line !== undefined && line !== '').join('\n');
  const detail = test.evidence.map((e) => `${e.id} sha256:${e.sha256}`).join(' ');
  return {
    name: test.id,
    description: `${test.title} (${test.level}; verifies ${requirements})`,
    action: [
      {
        assert: {
          result: assertResult(test),
          ...(message === '' ? {} : { message }),
          ...(detail === '' ? {} : { detail: `evidence: ${detail}` }),
        },
      },
    ],
  };
}

/** TestReport's assert results (pass | skip | fail | warning | error): a failed SHOULD or MAY is a warning. */
function assertResult(test: TestResult): 'pass' | 'skip' | 'fail' | 'warning' | 'error' {
  switch (test.outcome) {
    case 'pass':
      return 'pass';
    case 'fail':
      return test.level === 'SHALL' ? 'fail' : 'warning';
    case 'error':
      return 'error';
    case 'skip':
    case 'omit':
      return 'skip';
  }
}

/** A FHIR id ([A-Za-z0-9\-.]{1,64}) that stays the same for the same suite. */
function fhirId(suite: string): string {
  const cleaned = `assay-${suite}`.replace(/[^A-Za-z0-9\-.]/g, '-');
  return cleaned.length <= 64 ? cleaned : `${cleaned.slice(0, 47)}-${sha256Hex(suite).slice(0, 16)}`;
}

/** Writes `TestReport-<suite>.json` for each suite into `dir` once the run ends. */
export function testReportReporter(dir: string): Reporter {
  return {
    name: 'testreport',
    fold: async (events) =>
      writeFilesAtomically(
        testReports(await collectRun(events)).map((resource) => ({
          path: join(dir, `TestReport-${resource.id ?? 'suite'}.json`),
          data: `${JSON.stringify(resource, null, 2)}\n`,
        })),
      ),
  };
}
