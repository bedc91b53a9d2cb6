import { readFile } from 'node:fs/promises';
import { UsageError } from '../../errors.js';

export interface PreviousFailures {
  /** Ids of the tests that failed or errored. */
  readonly tests: ReadonlySet<string>;
  /** The suites they belong to. */
  readonly suites: readonly string[];
}

/** `--only-failed REPORT`: what failed or errored in an earlier run report. */
export async function previousFailures(file: string): Promise<PreviousFailures> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    const code = error instanceof Error && 'code' in error ? String(error.code) : String(error);
    throw new UsageError(`--only-failed: cannot read ${file} (${code})`, { fix: 'give the report.json of an earlier run' });
  }
  let report: unknown;
  try {
    report = JSON.parse(text);
  } catch {
    throw new UsageError(`--only-failed: ${file} is not JSON`, { fix: 'give the report.json of an earlier run' });
  }
  const tests = (report as { reportVersion?: unknown; tests?: unknown }).tests;
  if ((report as { reportVersion?: unknown }).reportVersion !== 1 || !Array.isArray(tests)) {
    throw new UsageError(`--only-failed: ${file} is not an Assay run report`, { fix: 'give the report.json of an earlier run' });
  }
  const failed = (tests as { id?: unknown; suite?: unknown; outcome?: unknown }[]).filter(
    (test) => (test.outcome === 'fail' || test.outcome === 'error') && typeof test.id === 'string' && typeof test.suite === 'string',
  );
  return {
    tests: new Set(failed.map((test) => test.id as string)),
    suites: [...new Set(failed.map((test) => test.suite as string))],
  };
}
