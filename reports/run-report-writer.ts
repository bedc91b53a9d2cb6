import { createHash, randomBytes } from 'node:crypto';
import { mkdir, rename, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { canonicalJson } from './canonical-json.js';
import type { Exchange, Reporter, RunEvent, RunHeader, RunReport, RunSummary, TestResult } from './model.js';

/** The evidence file beside report.json: one exchange per line, each line its canonical JSON. */
export const evidenceFileName = 'evidence.ndjson';
export const reportFileName = 'report.json';

/**
 * Folds the event stream into the run report and its evidence (DESIGN.md: the report is a pure fold of
 * the events). Tests are in the order they started; the evidence holds the set-up's exchanges first,
 * then each test's in the order it sent them, so a result's references are found in order.
 */
export async function foldRunReport(
  events: AsyncIterable<RunEvent>,
): Promise<{ report: Omit<RunReport, 'evidence'>; exchanges: Exchange[] } | undefined> {
  let header: RunHeader | undefined;
  let finished: { at: string; complete: boolean; summary: RunSummary } | undefined;
  const started: string[] = [];
  const results = new Map<string, TestResult>();
  const exchanges = new Map<string, Exchange[]>();
  for await (const event of events) {
    switch (event.kind) {
      case 'run-started':
        header = event.header;
        break;
      case 'test-started':
        started.push(event.testId);
        break;
      case 'exchange':
        exchanges.set(event.testId, [...(exchanges.get(event.testId) ?? []), event.exchange]);
        break;
      case 'test-finished':
        results.set(event.result.id, event.result);
        break;
      case 'run-finished':
        finished = { at: event.at, complete: event.complete, summary: event.summary };
        break;
    }
  }
  // A run that never started (the target could not be reached) has no report.
  if (header === undefined || finished === undefined) return undefined;
  const tests = started.map((id) => results.get(id)).filter((result) => result !== undefined);
  const ordered = ['setup', ...tests.map((test) => test.id)].flatMap((id) => byNumber(exchanges.get(id) ?? []));
  return {
    report: { ...header, finishedAt: finished.at, complete: finished.complete, tests, summary: finished.summary },
    exchanges: ordered,
  };
}

/**
 * The JSON reporter: writes `report.json` (canonical JSON) and `evidence.ndjson` into `dir`. Both go to
 * temporary names first and are renamed into place, evidence before the report that names its hash, so
 * no reader ever sees half a file or a report whose evidence is missing.
 */
export function runReportReporter(dir: string): Reporter {
  return {
    name: 'json',
    async fold(events) {
      const folded = await foldRunReport(events);
      if (folded === undefined) return;
      const evidence = folded.exchanges.map((exchange) => `${canonicalJson(exchange)}\n`).join('');
      const report: RunReport = {
        ...folded.report,
        evidence: { file: evidenceFileName, sha256: createHash('sha256').update(evidence).digest('hex') },
      };
      await mkdir(dir, { recursive: true });
      await writeThenRename(join(dir, evidenceFileName), evidence);
      await writeThenRename(join(dir, reportFileName), canonicalJson(report));
    },
  };
}

function byNumber(exchanges: readonly Exchange[]): Exchange[] {
  const number = (exchange: Exchange): number => Number(exchange.id.slice(exchange.id.lastIndexOf('#') + 1));
  return [...exchanges].sort((a, b) => number(a) - number(b));
}

async function writeThenRename(file: string, data: string): Promise<void> {
  const temp = `${file}.${randomBytes(6).toString('hex')}.tmp`;
  try {
    await writeFile(temp, data, { flag: 'wx' });
    await rename(temp, file);
  } catch (error) {
    await rm(temp, { force: true });
    throw error;
  }
}
