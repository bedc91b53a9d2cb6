import { Readable } from 'node:stream';
import type { Exchange, RunEvent, RunHeader, RunReport, RunSummary, TestResult } from './model.js';
import { summarise } from './run-report.js';

/** What a reporter needs of a run: the header, the results in order and each test's exchanges. */
export interface CollectedRun {
  readonly header: RunHeader;
  readonly finishedAt: string;
  readonly complete: boolean;
  readonly tests: readonly TestResult[];
  readonly summary: RunSummary;
  /** Exchanges by test id, in the order the test sent them. */
  readonly exchanges: ReadonlyMap<string, readonly Exchange[]>;
}

/**
 * Folds the event stream into a CollectedRun. A stream that ends without `run-finished` (the runner was
 * killed) gives a run marked incomplete, so no reporter ever presents a partial run as a whole one.
 */
export async function collectRun(events: AsyncIterable<RunEvent>): Promise<CollectedRun> {
  let header: RunHeader | undefined;
  let finished: { at: string; complete: boolean; summary: RunSummary } | undefined;
  const tests: TestResult[] = [];
  const exchanges = new Map<string, Exchange[]>();
  for await (const event of events) {
    switch (event.kind) {
      case 'run-started':
        header = event.header;
        break;
      case 'test-started':
        break;
      case 'exchange':
        exchanges.set(event.testId, [...(exchanges.get(event.testId) ?? []), event.exchange]);
        break;
      case 'test-finished':
        tests.push(event.result);
        break;
      case 'run-finished':
        finished = { at: event.at, complete: event.complete, summary: event.summary };
        break;
    }
  }
  if (header === undefined) throw new Error('the event stream ended without a run-started event');
  return {
    header,
    finishedAt: finished?.at ?? header.startedAt,
    complete: finished?.complete ?? false,
    tests,
    summary: finished?.summary ?? summarise(tests),
    exchanges,
  };
}

/**
 * Replays a finished run report and its exchanges as the events the runner emitted, so that every
 * reporter can be run again on a report.json (and its evidence) after the fact.
 */
export function replayRun(report: RunReport, exchanges: readonly Exchange[]): AsyncIterable<RunEvent> {
  return Readable.from(replayEvents(report, exchanges)) as AsyncIterable<RunEvent>;
}

function* replayEvents(report: RunReport, exchanges: readonly Exchange[]): Generator<RunEvent> {
  const { finishedAt: _f, complete, tests, summary, evidence: _e, ...header } = report;
  const byId = new Map(exchanges.map((exchange) => [exchange.id, exchange]));
  yield { kind: 'run-started', header, plannedTests: tests.length };
  for (const result of tests) {
    yield { kind: 'test-started', testId: result.id, title: result.title, at: report.startedAt };
    for (const ref of result.evidence) {
      const exchange = byId.get(ref.id);
      if (exchange !== undefined) yield { kind: 'exchange', testId: result.id, exchange };
    }
    yield { kind: 'test-finished', result };
  }
  yield { kind: 'run-finished', at: report.finishedAt, complete, summary };
}
