import type { TargetSpec } from '../config/target.js';
import type { LoadedSuite, TestDescription } from '../dsl/load.js';
import type { Claims } from '../dsl/suite.js';
import { UsageError } from '../errors.js';
import { declaredGap } from './claims.js';
import type { InputSources, PlannedInput } from './inputs.js';
import { resolveInputs } from './inputs.js';
import type { TestFilter } from './select.js';
import { dependencyOrder, selectTests } from './select.js';

export interface PlannedTest extends TestDescription {
  readonly claims?: Claims;
  readonly timeoutSeconds: number;
  /** Why the test does not apply, when the declared scope already says so. */
  readonly omit?: string;
  /** Selected only because a selected test depends on it. */
  readonly asDependency?: true;
}

export interface PlannedSuite {
  readonly id: string;
  readonly version: string;
  readonly title: string;
  /** Secret inputs appear only as references. */
  readonly inputs: Readonly<Record<string, PlannedInput>>;
}

/**
 * A run plan: plain serializable data (target with secrets by reference, suites with their inputs, the
 * tests in execution order, packages), so a queue worker with the same suites can execute it.
 */
export interface RunPlan {
  readonly planVersion: 1;
  readonly target: TargetSpec;
  readonly suites: readonly PlannedSuite[];
  readonly tests: readonly PlannedTest[];
  /** FHIR packages ctx.validate needs (`id#version` or a path). */
  readonly packages: readonly string[];
}

export interface PlanRequest {
  readonly suites: readonly LoadedSuite[];
  readonly target: TargetSpec;
  readonly filter: TestFilter;
  /** Command line and environment; config inputs come from the target. */
  readonly inputs: Omit<InputSources, 'config'>;
  /** Packages named on the command line or in the config, besides those the suites declare. */
  readonly packages?: readonly string[];
}

/** Plans a run without touching the network: selection, dependencies, inputs and declared-scope omission. */
export function buildPlan(request: PlanRequest): RunPlan {
  const { target } = request;
  const selected = selectTests(request.suites, request.filter);
  if (selected.length === 0) {
    throw new UsageError('the selection holds no test', { fix: 'widen --test or --tag, or check the suite ids' });
  }
  const inputs = resolveInputs(
    request.suites.map((suite) => ({ id: suite.info.id, inputs: suite.definition.inputs })),
    { ...request.inputs, config: target.inputs },
  );
  const tests = selected.map(({ test, asDependency }): PlannedTest => {
    const omit = declaredGap(test, target);
    return {
      id: test.id,
      suite: test.suite,
      group: test.group,
      title: test.title,
      level: test.level,
      verifies: test.verifies,
      dependsOn: test.dependsOn,
      tags: test.tags,
      ...(test.claims === undefined ? {} : { claims: test.claims }),
      writes: test.writes,
      timeoutSeconds: test.timeoutSeconds ?? target.settings.timeouts.testSeconds,
      ...(omit === undefined ? {} : { omit }),
      ...(asDependency ? { asDependency: true as const } : {}),
    };
  });
  const used = new Set(tests.map((test) => test.suite));
  const suites = request.suites.filter((suite) => used.has(suite.info.id));
  return {
    planVersion: 1,
    target,
    suites: suites.map((suite) => ({
      id: suite.info.id,
      version: suite.info.version,
      title: suite.info.title,
      inputs: inputs.get(suite.info.id) ?? {},
    })),
    tests: dependencyOrder(tests),
    packages: [...new Set([...suites.flatMap((suite) => suite.definition.packages ?? []), ...(request.packages ?? [])])],
  };
}
