import { join } from 'node:path';
import { consoleReporter } from './console/index.js';
import { htmlReporter } from './html/index.js';
import type { Reporter } from './model.js';
import { junitReporter, testReportReporter } from './reporters/index.js';
import { runReportReporter } from './run-report-writer.js';

/** What a reporter may use: where files go and the console. */
export interface ReporterContext {
  /** `assay run --out`: the folder every file reporter writes into. */
  readonly outDir: string;
  readonly stdout: NodeJS.WritableStream & { readonly isTTY?: boolean };
  readonly env: Readonly<Record<string, string | undefined>>;
}

export interface ReporterEntry {
  /** One line for `assay run --help`. */
  readonly description: string;
  create(context: ReporterContext): Reporter;
}

/**
 * Every reporter `assay run --reporter NAME` can pick, registered here and nowhere else. To add one,
 * add an entry: a name, a line of description and a factory returning a Reporter that folds the events.
 */
export const reporterRegistry: Readonly<Record<string, ReporterEntry>> = {
  console: {
    description: 'progress on a terminal, plain lines on CI, then the summary (always on)',
    create: (context) =>
      consoleReporter({
        out: context.stdout,
        live: context.stdout.isTTY === true && context.env.CI === undefined,
        color: context.stdout.isTTY === true && context.env.NO_COLOR === undefined,
      }),
  },
  json: {
    description: 'report.json (canonical JSON) and evidence.ndjson in --out (always on)',
    create: (context) => runReportReporter(context.outDir),
  },
  junit: {
    description: 'junit.xml for CI test-report views',
    create: (context) => junitReporter(join(context.outDir, 'junit.xml')),
  },
  testreport: {
    description: 'one FHIR TestReport per suite in testreport/',
    create: (context) => testReportReporter(join(context.outDir, 'testreport')),
  },
  html: {
    description: 'report.html, self-contained, opens offline',
    create: (context) => htmlReporter(join(context.outDir, 'report.html')),
  },
};

/** The reporters every run has; `--reporter` adds to them. */
export const defaultReporters: readonly string[] = ['console', 'json'];
