import type { Suite } from '../runner/dsl/index.js';
import pds from './pds/index.js';

/**
 * Every suite Assay ships, registered here and nowhere else; `assay suites` lists them and `assay run
 * --suite ID` picks from them. A suite lives in `suites/<id>/index.ts` (its `defineSuite`) beside its
 * `requirements.json`; add its default export to this list.
 */
export const suites: readonly Suite[] = [pds];
