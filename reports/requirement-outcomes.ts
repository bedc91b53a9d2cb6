import type { Level, Outcome, RunReport } from './model.js';

/** A requirement's outcome: the roll-up of the tests that verify it, or `untested` when none does. */
export type RequirementOutcome = Outcome | 'untested';

export interface RequirementResult {
  readonly id: string;
  readonly suite: string;
  readonly level: Level;
  readonly outcome: RequirementOutcome;
  /** The tests that verify it, in report order. */
  readonly tests: readonly string[];
}

/** Worst first, as DESIGN.md rolls a group up: error, fail, skip, pass, omit. */
const rollUpOrder: readonly Outcome[] = ['error', 'fail', 'skip', 'pass', 'omit'];

export function worstOutcome(outcomes: readonly Outcome[]): Outcome | undefined {
  return rollUpOrder.find((outcome) => outcomes.includes(outcome));
}

/** Every requirement of every suite in the report, with the outcome its tests give it, in suite order. */
export function requirementResults(report: Pick<RunReport, 'suites' | 'tests'>): RequirementResult[] {
  const testsBySuiteRequirement = new Map<string, { id: string; outcome: Outcome }[]>();
  for (const test of report.tests) {
    for (const requirement of test.verifies) {
      const key = `${test.suite}\u0000${requirement}`;
      const list = testsBySuiteRequirement.get(key) ?? [];
      list.push({ id: test.id, outcome: test.outcome });
      testsBySuiteRequirement.set(key, list);
    }
  }
  return report.suites.flatMap((suite) =>
    suite.requirements.map((requirement) => {
      const tests = testsBySuiteRequirement.get(`${suite.id}\u0000${requirement.id}`) ?? [];
      return {
        id: requirement.id,
        suite: suite.id,
        level: requirement.level,
        outcome: worstOutcome(tests.map((test) => test.outcome)) ?? 'untested',
        tests: tests.map((test) => test.id),
      };
    }),
  );
}

/** A failed or errored requirement: what regresses a run and fails a gate. */
export function isFailure(outcome: RequirementOutcome): boolean {
  return outcome === 'fail' || outcome === 'error';
}
