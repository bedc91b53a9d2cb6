import type { Definitions, ProfileSet } from '../../profiles/types.js';
import { loadDefinitions } from '../../profiles/definitions.js';
import { profileSetOf } from '../../profiles/profile-set.js';
import { sharedPackageCache } from './paths.js';

type SharedPackage = 'hl7.fhir.r4.core#4.0.1' | 'fhir.r4.ukcore.stu2#2.0.2';

/**
 * R4 core and UK Core from ../shared/fhir-packages, loaded once per test process: loading is the slow part of
 * every validator test, and Definitions are read-only, so test files share them.
 */
const loaded = new Map<string, Promise<Definitions>>();
/** The ProfileSet over each, built once too: its validator compiles what it checks as it goes. */
const profileSets = new Map<string, ProfileSet>();

export function sharedDefinitions(pkg: SharedPackage): Promise<Definitions> {
  let definitions = loaded.get(pkg);
  if (definitions === undefined) {
    definitions = loadDefinitions({ packages: [pkg], cacheDir: sharedPackageCache });
    loaded.set(pkg, definitions);
  }
  return definitions;
}

/**
 * The real ProfileSet (Assay's own validator) over one shared package and its dependencies: UK Core 2.0.2
 * brings R4 core, as the sandbox, `assay sandbox` and the national suites load it.
 */
export async function sharedProfileSet(pkg: SharedPackage): Promise<ProfileSet> {
  const definitions = await sharedDefinitions(pkg);
  let profiles = profileSets.get(pkg);
  if (profiles === undefined) {
    profiles = profileSetOf(definitions);
    profileSets.set(pkg, profiles);
  }
  return profiles;
}
