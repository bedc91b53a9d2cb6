import { expect } from 'chai';
import { createHash } from 'node:crypto';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { canonicalJson } from '../../reports/canonical-json.js';
import type { RunReport } from '../../reports/model.js';
import { runReportReporter } from '../../reports/run-report-writer.js';
import { events, header, stream } from './run-event-fixture.js';

describe('the JSON run report', () => {
  let dir: string;
  beforeEach(() => (dir = mkdtempSync(join(tmpdir(), 'assay-report-'))));
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('folds the events into report.json (canonical) and evidence.ndjson referenced by hash, nothing else left behind', async () => {
    await runReportReporter(join(dir, 'out')).fold(stream(events()));
    expect(readdirSync(join(dir, 'out')).sort()).to.deep.equal(['evidence.ndjson', 'report.json']);
    const text = readFileSync(join(dir, 'out', 'report.json'), 'utf8');
    const report = JSON.parse(text) as RunReport;
    expect(text).to.equal(canonicalJson(report));
    const evidence = readFileSync(join(dir, 'out', 'evidence.ndjson'), 'utf8');
    expect(report.evidence).to.deep.equal({ file: 'evidence.ndjson', sha256: createHash('sha256').update(evidence).digest('hex') });
    expect(evidence.trimEnd().split('\n').map((line) => (JSON.parse(line) as { id: string }).id)).to.deep.equal([
      'setup#1',
      's/read/a#1',
      's/read/b#1',
      's/read/b#2',
    ]);
    expect(report).to.deep.include({ ...header, finishedAt: '2026-01-01T12:00:01.000Z', complete: true });
    expect(report.tests.map((test) => test.id)).to.deep.equal(['s/read/a', 's/read/b']);
  });

  it('keeps complete: false for an interrupted run', async () => {
    await runReportReporter(dir).fold(stream(events(false)));
    expect((JSON.parse(readFileSync(join(dir, 'report.json'), 'utf8')) as RunReport).complete).to.equal(false);
  });
});
