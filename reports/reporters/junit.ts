import { writeFilesAtomically } from '../atomic-files.js';
import type { CollectedRun } from '../collected-run.js';
import { collectRun } from '../collected-run.js';
import type { Reporter, TestResult } from '../model.js';
import { summarise } from '../run-report.js';
import { xmlAttribute, xmlText } from './xml.js';

/**
 * JUnit XML in the dialect CI systems read (GitHub test-report actions, GitLab, Jenkins, Azure DevOps):
 * <testsuites> with one <testsuite> per Assay suite, one <testcase> per test. A failed SHALL test is a
 * <failure type="SHALL">; a failed SHOULD or MAY test is a <failure> too, typed and marked as a warning;
 * an error is an <error>; skip and omit are <skipped> with the reason.
 */
export function junitXml(run: CollectedRun): string {
  const suites = run.header.suites.map((suite) => {
    const tests = run.tests.filter((test) => test.suite === suite.id);
    const counts = summarise(tests);
    const host = hostOf(run.header.target.baseUrl);
    return [
      `  <testsuite name="${xmlAttribute(suite.id)}" id="${xmlAttribute(suite.id)}" package="${xmlAttribute(suite.id)}" tests="${counts.total}" failures="${counts.fail}" errors="${counts.error}" skipped="${counts.skip + counts.omit}" time="${seconds(tests)}" timestamp="${timestamp(run.header.startedAt)}" hostname="${xmlAttribute(host)}">`,
      '    <properties>',
      property('suite.title', suite.title),
      property('suite.version', suite.version),
      property('target', run.header.target.baseUrl),
      property('run', run.header.runId),
      property('complete', String(run.complete)),
      '    </properties>',
      ...tests.map((test) => testcase(test)),
      '  </testsuite>',
    ].join('\n');
  });
  const all = summarise(run.tests);
  return [
    '<?xml version="1.0" encoding="UTF-8"?>',
    `<testsuites name="${xmlAttribute(`assay ${run.header.runId}`)}" tests="${all.total}" failures="${all.fail}" errors="${all.error}" skipped="${all.skip + all.omit}" time="${seconds(run.tests)}" timestamp="${timestamp(run.header.startedAt)}">`,
    ...suites,
    '</testsuites>',
    '',
  ].join('\n');
}

function testcase(test: TestResult): string {
  const details = [
    `requirements: ${test.verifies.join(', ') || 'none'} (${test.level})`,
    ...(test.findings ?? []).map((f) => `${f.severity} ${f.code}: ${f.text}${f.expression === undefined ? '' : ` at ${f.expression.join(', ')}`}`),
    ...test.evidence.map((e) => `evidence ${e.id} sha256:${e.sha256}`),
  ].join('\n');
  const message = test.message ?? test.outcome;
  const outcome = (() => {
    switch (test.outcome) {
      case 'fail': {
        const warning = test.level === 'SHALL' ? '' : `warning (${test.level}): `;
        return `      <failure message="${xmlAttribute(warning + message)}" type="${test.level}">${xmlText(details)}</failure>\n`;
      }
      case 'error':
        return `      <error message="${xmlAttribute(message)}" type="error">${xmlText(details)}</error>\n`;
      case 'skip':
        return `      <skipped message="${xmlAttribute(`skipped: ${message}`)}"/>\n`;
      case 'omit':
        return `      <skipped message="${xmlAttribute(`not applicable: ${message}`)}"/>\n`;
      case 'pass':
        return '';
    }
  })();
  const name = `${test.title} [${test.id}]`;
  const classname = `${test.suite}.${test.group}`;
  return (
    `    <testcase name="${xmlAttribute(name)}" classname="${xmlAttribute(classname)}" time="${(test.durationMs / 1000).toFixed(3)}">\n` +
    outcome +
    `      <system-out>${xmlText(details)}</system-out>\n` +
    '    </testcase>'
  );
}

function property(name: string, value: string): string {
  return `      <property name="${xmlAttribute(name)}" value="${xmlAttribute(value)}"/>`;
}

function seconds(tests: readonly TestResult[]): string {
  return (tests.reduce((sum, test) => sum + test.durationMs, 0) / 1000).toFixed(3);
}

/** The Ant JUnit schema's timestamp: ISO 8601 without a zone (Assay's times are UTC). */
function timestamp(iso: string): string {
  return iso.replace(/(\.\d+)?Z$/, '');
}

function hostOf(url: string): string {
  try {
    return new URL(url).host;
  } catch {
    return url;
  }
}

/** Writes junit.xml once the run ends. */
export function junitReporter(file: string): Reporter {
  return {
    name: 'junit',
    fold: async (events) => writeFilesAtomically([{ path: file, data: junitXml(await collectRun(events)) }]),
  };
}
