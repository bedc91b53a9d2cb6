import type { LoadedSuite } from '../../dsl/load.js';
import type { Level } from '../../../reports/model.js';

/** Which requirements of a suite some test verifies, which none does, and tests that verify nothing. */
export interface SuiteCoverage {
  readonly id: string;
  readonly version: string;
  readonly title: string;
  readonly requirements: number;
  readonly tests: number;
  readonly covered: readonly string[];
  readonly uncovered: readonly { readonly id: string; readonly level: Level; readonly text: string }[];
  readonly testsWithoutRequirement: readonly string[];
}

export function coverageOf(suite: LoadedSuite): SuiteCoverage {
  const verified = new Set(suite.tests.flatMap((test) => test.verifies));
  return {
    id: suite.info.id,
    version: suite.info.version,
    title: suite.info.title,
    requirements: suite.info.requirements.length,
    tests: suite.tests.length,
    covered: suite.info.requirements.filter((requirement) => verified.has(requirement.id)).map((requirement) => requirement.id),
    uncovered: suite.info.requirements
      .filter((requirement) => !verified.has(requirement.id))
      .map((requirement) => ({ id: requirement.id, level: requirement.level, text: requirement.text })),
    testsWithoutRequirement: suite.tests.filter((test) => test.verifies.length === 0).map((test) => test.id),
  };
}
