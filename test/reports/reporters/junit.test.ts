import { expect } from 'chai';
import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { collectRun, replayRun } from '../../../reports/collected-run.js';
import { junitReporter, junitXml } from '../../../reports/reporters/junit.js';
import { runReportFixture } from '../../support/run-report-fixture.js';

interface Case {
  '@_name': string;
  '@_classname': string;
  '@_time': string;
  failure?: { '@_message': string; '@_type': string; '#text': string };
  error?: { '@_message': string };
  skipped?: { '@_message': string };
  'system-out': string;
}
interface Suite { '@_name': string; '@_tests': string; '@_failures': string; '@_errors': string; '@_skipped': string; testcase: Case[] }

describe('the JUnit XML reporter', () => {
  const { report, exchanges } = runReportFixture({
    outcomes: {
      'fhir-r4-rest/read/patient': 'fail',
      'fhir-r4-rest/read/etag': 'fail',
      'fhir-r4-rest/write/create': 'omit',
      'uk-core/UKCore-Patient/valid': 'error',
      'pds/retrieve/by-nhs-number': 'skip',
    },
  });
  let xml: string;
  before(async () => (xml = junitXml(await collectRun(replayRun(report, exchanges)))));

  function parse(text: string): Suite[] {
    expect(XMLValidator.validate(text)).to.equal(true);
    const parser = new XMLParser({ ignoreAttributes: false, isArray: (name) => name === 'testsuite' || name === 'testcase' });
    return (parser.parse(text) as { testsuites: { testsuite: Suite[] } }).testsuites.testsuite;
  }

  it('is well-formed XML with one testsuite per suite whose counts match its testcases', () => {
    const suites = parse(xml);
    expect(suites.map((s) => s['@_name'])).to.deep.equal(['fhir-r4-rest', 'uk-core', 'nhs-api', 'security', 'pds']);
    for (const suite of suites) {
      expect(Number(suite['@_tests'])).to.equal(suite.testcase.length);
      expect(Number(suite['@_failures'])).to.equal(suite.testcase.filter((c) => c.failure !== undefined).length);
      expect(Number(suite['@_errors'])).to.equal(suite.testcase.filter((c) => c.error !== undefined).length);
      expect(Number(suite['@_skipped'])).to.equal(suite.testcase.filter((c) => c.skipped !== undefined).length);
    }
    expect(xml).to.match(/^<\?xml version="1.0" encoding="UTF-8"\?>\n<testsuites name="assay run-2025-03-01-0001" tests="12" failures="2" errors="1" skipped="2" time="[\d.]+" timestamp="2025-03-01T10:00:00">/);
  });

  it('shows a SHALL failure with its message, findings and evidence, hostile text kept as text', () => {
    const cases = (parse(xml)[0] as Suite).testcase;
    const failed = cases.find((c) => c['@_name'] === 'read Patient [fhir-r4-rest/read/patient]');
    expect(failed?.['@_classname']).to.equal('fhir-r4-rest.read');
    expect(failed?.failure?.['@_type']).to.equal('SHALL');
    expect(failed?.failure?.['@_message']).to.equal('expected status 200 but got 500 <script>alert("x")</script>');
    expect(xml).to.contain('message="expected status 200 but got 500 &lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;"');
    expect(failed?.failure?.['#text']).to.contain('requirements: R4-READ-01 (SHALL)\nerror processing: status 500 is not 200 at Bundle.entry[0]\nevidence fhir-r4-rest/read/patient#1 sha256:');
    const warning = cases.find((c) => c['@_name'].endsWith('[fhir-r4-rest/read/etag]'));
    expect(warning?.failure?.['@_type']).to.equal('SHOULD');
    expect(warning?.failure?.['@_message']).to.match(/^warning \(SHOULD\): /);
    expect(cases.find((c) => c['@_name'].endsWith('[fhir-r4-rest/write/create]'))?.skipped?.['@_message']).to.equal(
      'not applicable: the CapabilityStatement does not claim this interaction',
    );
  });

  it('replaces characters XML cannot carry', async () => {
    const hostile = { ...report, tests: report.tests.map((t, i) => (i === 1 ? { ...t, outcome: 'error' as const, message: 'bad\u0000byte\u001b[31m' } : t)) };
    const text = junitXml(await collectRun(replayRun({ ...hostile, summary: { ...report.summary } }, exchanges)));
    expect(XMLValidator.validate(text)).to.equal(true);
    expect(text).to.contain('message="bad\ufffdbyte\ufffd[31m"');
  });

  it('writes the same bytes for the same run, atomically to its file', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'assay-junit-'));
    try {
      await junitReporter(join(dir, 'junit.xml')).fold(replayRun(report, exchanges));
      expect(await readFile(join(dir, 'junit.xml'), 'utf8')).to.equal(xml);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
