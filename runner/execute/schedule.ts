import type { TestResult } from '../../reports/model.js';
import type { LoadedSuite } from '../dsl/load.js';
import type { RunPlan } from '../plan/plan.js';
import type { RunEnvironment } from './run-test.js';
import { runTest } from './run-test.js';

export interface ScheduleOptions {
  readonly plan: RunPlan;
  /** The loaded suites the plan names, for the tests' code. */
  readonly suites: ReadonlyMap<string, LoadedSuite>;
  /** Each suite's inputs with secrets read. */
  readonly inputs: ReadonlyMap<string, Readonly<Record<string, unknown>>>;
  readonly env: RunEnvironment;
}

/**
 * Runs the plan's tests: up to `concurrency` at once, each as soon as its prerequisites have finished,
 * picking in plan order. Independent tests overlap, so a suite takes about as long as its longest
 * dependency chain. When the run is interrupted nothing new starts and what is running is aborted.
 */
export async function runTests(options: ScheduleOptions): Promise<{ results: TestResult[]; complete: boolean }> {
  const { plan, env } = options;
  const definitions = new Map(
    [...options.suites.values()].flatMap((suite) => suite.tests.map((test) => [test.id, test.definition] as const)),
  );
  const outputs = new Map(plan.suites.map((suite) => [suite.id, new Map<string, unknown>()]));
  const results = new Map<string, TestResult>();
  const pending = [...plan.tests];
  const running = new Set<Promise<void>>();
  const limit = plan.target.settings.concurrency;

  const start = (index: number): void => {
    const test = pending.splice(index, 1)[0];
    if (test === undefined) return;
    const definition = definitions.get(test.id);
    const suite = options.suites.get(test.suite);
    if (definition === undefined || suite === undefined) throw new Error(`the plan names test ${test.id}, which no loaded suite has`);
    const task = runTest(
      {
        test,
        definition,
        inputs: options.inputs.get(test.suite) ?? {},
        outputs: outputs.get(test.suite) ?? new Map<string, unknown>(),
        outputSpecs: suite.definition.outputs ?? {},
        prerequisites: test.dependsOn.map((id) => results.get(id)).filter((result) => result !== undefined),
      },
      env,
    ).then((result) => {
      results.set(result.id, result);
      running.delete(task);
    });
    running.add(task);
  };

  while ((pending.length > 0 && !env.interrupt.aborted) || running.size > 0) {
    for (let i = 0; i < pending.length && running.size < limit && !env.interrupt.aborted; ) {
      const test = pending[i];
      if (test !== undefined && test.dependsOn.every((id) => results.has(id))) start(i);
      else i++;
    }
    if (running.size === 0) break;
    await Promise.race(running);
  }
  const ordered = plan.tests.map((test) => results.get(test.id)).filter((result) => result !== undefined);
  return { results: ordered, complete: pending.length === 0 && !env.interrupt.aborted };
}
