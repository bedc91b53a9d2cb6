import { closest } from '../cli/suggest.js';
import type { LoadedSuite, LoadedTest } from '../dsl/load.js';
import type { Suite } from '../dsl/suite.js';
import { UsageError } from '../errors.js';
import { idMatcher } from './glob.js';

/** The registered suites named by `--suite`, in the order named; an unknown id suggests the closest. */
export function pickSuites(registry: readonly Suite[], ids: readonly string[]): Suite[] {
  const known = registry.map((suite) => suite.id);
  return [...new Set(ids)].map((id) => {
    const suite = registry.find((candidate) => candidate.id === id);
    if (suite !== undefined) return suite;
    const suggestion = closest(id, known);
    throw new UsageError(`unknown suite "${id}"`, {
      fix:
        known.length === 0
          ? 'this build of Assay has no suites registered yet'
          : `${suggestion === undefined ? '' : `did you mean "${suggestion}"? `}"assay suites" lists the suites`,
    });
  });
}

export interface TestFilter {
  /** Ids or globs over `<suite>/<group>/<test>`; a group or suite id selects everything under it. */
  readonly tests?: readonly string[];
  /** A test with any of these tags. */
  readonly tags?: readonly string[];
  /** Only these ids (the failures of an earlier report). */
  readonly only?: ReadonlySet<string>;
}

/**
 * The tests a filter selects, plus every test they depend on (marked), so a selected test never runs
 * without its prerequisites. A pattern or tag that selects nothing is an error naming it.
 */
export function selectTests(suites: readonly LoadedSuite[], filter: TestFilter): { test: LoadedTest; asDependency: boolean }[] {
  const all = suites.flatMap((suite) => suite.tests);
  const matchers = (filter.tests ?? []).map((pattern) => ({ pattern, match: idMatcher(pattern) }));
  for (const { pattern, match } of matchers) {
    if (!all.some((test) => match(test.id))) {
      throw new UsageError(`--test "${pattern}" matches no test of suite${suites.length === 1 ? '' : 's'} ${suites.map((suite) => suite.info.id).join(', ')}`, {
        fix: 'give a test id <suite>/<group>/<test>, a group <suite>/<group>, or a glob with *; "assay run --dry-run" lists the ids',
      });
    }
  }
  for (const tag of filter.tags ?? []) {
    if (!all.some((test) => test.tags.includes(tag))) {
      const tags = [...new Set(all.flatMap((test) => test.tags))].sort();
      throw new UsageError(`--tag "${tag}" is on no test of the selected suites`, {
        fix: tags.length === 0 ? 'their tests have no tags' : `tags there: ${tags.join(', ')}`,
      });
    }
  }
  const chosen = new Set(
    all
      .filter((test) => matchers.length === 0 || matchers.some(({ match }) => match(test.id)))
      .filter((test) => (filter.tags ?? []).length === 0 || test.tags.some((tag) => filter.tags?.includes(tag)))
      .filter((test) => filter.only === undefined || filter.only.has(test.id))
      .map((test) => test.id),
  );
  const byId = new Map(all.map((test) => [test.id, test]));
  const needed = new Set(chosen);
  const pending = [...chosen];
  for (let id = pending.pop(); id !== undefined; id = pending.pop()) {
    for (const dep of byId.get(id)?.dependsOn ?? []) {
      if (!needed.has(dep)) {
        needed.add(dep);
        pending.push(dep);
      }
    }
  }
  return all.filter((test) => needed.has(test.id)).map((test) => ({ test, asDependency: !chosen.has(test.id) }));
}

/**
 * Dependency order, otherwise presentation order: of the tests whose prerequisites are placed, the one
 * that comes first in its suite goes next (Kahn's algorithm, picking from a min-heap of positions).
 */
export function dependencyOrder<T extends { readonly id: string; readonly dependsOn: readonly string[] }>(tests: readonly T[]): T[] {
  const position = new Map(tests.map((test, index) => [test.id, index]));
  const waiting = tests.map((test) => test.dependsOn.filter((dep) => position.has(dep)).length);
  const dependents: number[][] = tests.map(() => []);
  tests.forEach((test, index) => {
    for (const dep of test.dependsOn) {
      const at = position.get(dep);
      if (at !== undefined) dependents[at]?.push(index);
    }
  });
  const ready = new MinHeap();
  waiting.forEach((count, index) => count === 0 && ready.push(index));
  const order: T[] = [];
  for (let next = ready.pop(); next !== undefined; next = ready.pop()) {
    order.push(tests[next] as T);
    for (const dependent of dependents[next] ?? []) {
      waiting[dependent] = (waiting[dependent] ?? 1) - 1;
      if (waiting[dependent] === 0) ready.push(dependent);
    }
  }
  return order;
}

class MinHeap {
  readonly #items: number[] = [];

  push(value: number): void {
    const items = this.#items;
    items.push(value);
    for (let i = items.length - 1; i > 0; ) {
      const parent = (i - 1) >> 1;
      if ((items[parent] ?? 0) <= value) break;
      items[i] = items[parent] ?? 0;
      items[parent] = value;
      i = parent;
    }
  }

  pop(): number | undefined {
    const items = this.#items;
    const top = items[0];
    const last = items.pop();
    if (items.length === 0 || last === undefined) return top;
    items[0] = last;
    for (let i = 0; ; ) {
      const left = 2 * i + 1;
      const right = left + 1;
      let smallest = i;
      if (left < items.length && (items[left] ?? 0) < (items[smallest] ?? 0)) smallest = left;
      if (right < items.length && (items[right] ?? 0) < (items[smallest] ?? 0)) smallest = right;
      if (smallest === i) break;
      [items[i], items[smallest]] = [items[smallest] ?? 0, items[i] ?? 0];
      i = smallest;
    }
    return top;
  }
}
