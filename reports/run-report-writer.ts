import { join } from 'node:path';
import { writeFilesAtomically } from './atomic-files.js';
import { canonicalJson } from './canonical-json.js';
import { collectRun } from './collected-run.js';
import { sha256Hex } from './digest.js';
import type { Exchange, Reporter, RunReport } from './model.js';

/** The evidence file beside report.json: one exchange per line, each line its canonical JSON. */
export const evidenceFileName = 'evidence.ndjson';
export const reportFileName = 'report.json';

/**
 * The JSON reporter: folds the events into `report.json` (canonical JSON) and `evidence.ndjson` in
 * `dir`. Tests are listed by suite, then by id. The evidence holds the set-up's exchanges first
 * (`setup#n`: token requests, the CapabilityStatement), then each test's in the order it sent them. Both files are written under
 * temporary names and renamed into place, evidence first, so no reader sees half a report.
 */
export function runReportReporter(dir: string): Reporter {
  return {
    name: 'json',
    async fold(events) {
      const run = await collectRun(events);
      // Tests finish in an order that depends on timing; the report lists them the same way every time.
      const suiteOrder = new Map(run.header.suites.map((suite, index) => [suite.id, index]));
      const tests = [...run.tests].sort(
        (a, b) => (suiteOrder.get(a.suite) ?? 0) - (suiteOrder.get(b.suite) ?? 0) || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0),
      );
      const exchanges = ['setup', ...tests.map((test) => test.id)].flatMap((id) => byNumber(run.exchanges.get(id) ?? []));
      const evidence = exchanges.map((exchange) => `${canonicalJson(exchange)}\n`).join('');
      const report: RunReport = {
        ...run.header,
        finishedAt: run.finishedAt,
        complete: run.complete,
        tests,
        summary: run.summary,
        evidence: { file: evidenceFileName, sha256: sha256Hex(evidence) },
      };
      await writeFilesAtomically([
        { path: join(dir, evidenceFileName), data: evidence },
        { path: join(dir, reportFileName), data: canonicalJson(report) },
      ]);
    },
  };
}

function byNumber(exchanges: readonly Exchange[]): Exchange[] {
  const number = (exchange: Exchange): number => Number(exchange.id.slice(exchange.id.lastIndexOf('#') + 1));
  return [...exchanges].sort((a, b) => number(a) - number(b));
}
