import type { Definitions } from '../profiles/index.js';
import type { Suite } from '../runner/dsl/index.js';
import pds from './pds/index.js';
import { ukCorePackage, ukCoreSuite } from './uk-core/index.js';

/**
 * Every suite Assay ships, registered here and nowhere else; `assay suites` lists them and `assay run
 * --suite ID` picks from them. A suite lives in `suites/<id>/index.ts` (its `defineSuite`) beside its
 * `requirements.json`; add its default export to this list.
 */
export const suites: readonly Suite[] = [pds];

/**
 * A suite generated at plan time from loaded FHIR packages (uk-core from UK Core): the planner loads
 * `packages` (or the run's own choice of release) into Definitions and calls `generate`.
 */
export interface GeneratedSuite {
  readonly id: string;
  readonly title: string;
  /** The packages it is generated from by default, `id#version`. */
  readonly packages: readonly string[];
  generate(definitions: Definitions): Suite;
}

export const generatedSuites: readonly GeneratedSuite[] = [
  { id: 'uk-core', title: 'UK Core profiles, generated from the loaded UK Core package', packages: [ukCorePackage], generate: (definitions) => ukCoreSuite(definitions) },
];
