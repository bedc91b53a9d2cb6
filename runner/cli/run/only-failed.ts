import { readRunReport } from '../../../reports/run-report.js';

export interface PreviousFailures {
  /** Ids of the tests that failed or errored. */
  readonly tests: ReadonlySet<string>;
  /** The suites they belong to. */
  readonly suites: readonly string[];
}

/** `--only-failed REPORT`: what failed or errored in an earlier run report (checked as every reader checks it). */
export async function previousFailures(file: string): Promise<PreviousFailures> {
  const report = await readRunReport(file);
  const failed = report.tests.filter((test) => test.outcome === 'fail' || test.outcome === 'error');
  return { tests: new Set(failed.map((test) => test.id)), suites: [...new Set(failed.map((test) => test.suite))] };
}
