import { Readable } from 'node:stream';
import type { Exchange, RunEvent, RunHeader, TestResult } from '../../reports/model.js';

/** A small, hand-made run as the runner would emit it: two tests, one failing, with one exchange each. */
export const header: RunHeader = {
  reportVersion: 1,
  runId: 'run-1',
  tool: { name: 'assay', version: '0.1.0' },
  startedAt: '2026-01-01T12:00:00.000Z',
  target: { name: 'local', baseUrl: 'http://127.0.0.1:1/fhir/', auth: 'bearer' },
  packages: [],
  validator: { name: 'assay', version: '0.1.0', terminology: 'none' },
  suites: [{ id: 's', version: '1.0.0', title: 'S', requirements: [] }],
};

export function exchange(id: string): Exchange {
  return {
    id,
    request: { method: 'GET', url: 'http://127.0.0.1:1/fhir/metadata', headers: { authorization: 'Bearer [REDACTED]' } },
    response: { status: 200, headers: {}, body: '{}', bodyBytes: 2 },
    attempt: 1,
    timings: { startedAt: '2026-01-01T12:00:00.000Z', totalMs: 3 },
  };
}

export function result(id: string, outcome: TestResult['outcome'], message?: string): TestResult {
  return {
    id,
    suite: 's',
    group: id.split('/')[1] ?? '',
    title: id,
    level: 'SHALL',
    verifies: [],
    outcome,
    ...(message === undefined ? {} : { message }),
    evidence: [],
    durationMs: 5,
  };
}

export function events(complete = true): RunEvent[] {
  const pass = result('s/read/a', 'pass');
  const fail = result('s/read/b', 'fail', 'HTTP status: expected 200, got 404');
  return [
    { kind: 'run-started', header, plannedTests: 2 },
    { kind: 'exchange', testId: 'setup', exchange: exchange('setup#1') },
    { kind: 'test-started', testId: pass.id, title: pass.title, at: header.startedAt },
    { kind: 'test-started', testId: fail.id, title: fail.title, at: header.startedAt },
    { kind: 'exchange', testId: fail.id, exchange: exchange('s/read/b#2') },
    { kind: 'exchange', testId: fail.id, exchange: exchange('s/read/b#1') },
    { kind: 'test-finished', result: fail },
    { kind: 'exchange', testId: pass.id, exchange: exchange('s/read/a#1') },
    { kind: 'test-finished', result: pass },
    {
      kind: 'run-finished',
      at: '2026-01-01T12:00:01.000Z',
      complete,
      summary: { total: 2, pass: 1, fail: 1, skip: 0, omit: 0, error: 0, shallFailures: 1, shouldFailures: 0 },
    },
  ];
}

export function stream(list: readonly RunEvent[]): AsyncIterable<RunEvent> {
  return Readable.from(list) as AsyncIterable<RunEvent>;
}
