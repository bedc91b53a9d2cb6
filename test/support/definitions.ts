import type { Definitions } from '../../profiles/types.js';
import { loadDefinitions } from '../../profiles/definitions.js';
import { sharedPackageCache } from './paths.js';

/**
 * R4 core and UK Core from ../shared/fhir-packages, loaded once per test process: loading is the slow part of
 * every validator test, and Definitions are read-only, so test files share them.
 */
const loaded = new Map<string, Promise<Definitions>>();

export function sharedDefinitions(pkg: 'hl7.fhir.r4.core#4.0.1' | 'fhir.r4.ukcore.stu2#2.0.2'): Promise<Definitions> {
  let definitions = loaded.get(pkg);
  if (definitions === undefined) {
    definitions = loadDefinitions({ packages: [pkg], cacheDir: sharedPackageCache });
    loaded.set(pkg, definitions);
  }
  return definitions;
}
