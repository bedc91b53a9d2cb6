import type { Resource } from 'fhir/r4.js';
import { seedAdditions, seedRepairs } from './seed-repairs.js';
import { mustSupportAdditions } from './seed-must-support.js';

export interface Example {
  /** The example's file name without `.json`, e.g. `UKCore-Observation-Lab-RedCellCount-Example`. */
  readonly name: string;
  readonly resource: Resource;
}

/** The UK Core profiles of a resource type: the type's base profile and all of them. */
type ProfilesOf = (type: string) => { readonly base: string | undefined; readonly all: readonly string[] };

/**
 * The sandbox's seed: UK Core's examples, each stamped with the profile it illustrates in meta.profile.
 *
 * The examples carry no meta.profile. The sandbox stamps it because a server that declares
 * supportedProfile should let a client find the instances of each profile (`_profile` search) and have
 * them validated against it; an example illustrates the profile whose id its file name starts with
 * (longest match), else its type's base UK Core profile, else none (BodyStructure, Bundle). One example's
 * name does not follow the rule and is listed in `profileExceptions`. References and an NHS number the
 * examples get wrong are repaired, and a few resources added (seed-repairs.ts), so that the clean sandbox serves nothing
 * broken, and one resource per profile whose Must Support elements no example shows (seed-must-support.ts).
 */
export function buildSeed(examples: readonly Example[], profilesOf: ProfilesOf): Resource[] {
  const stamped = examples.map(({ name, resource }) => {
    const profile = profileExceptions[name] ?? illustratedProfile(name, profilesOf(resource.resourceType));
    const repaired = repair(resource);
    return profile === undefined ? repaired : { ...repaired, meta: { ...repaired.meta, profile: [profile] } };
  });
  return [...stamped, ...seedAdditions, ...mustSupportAdditions];
}

/** The profile an example illustrates, from its file name (see buildSeed). */
function illustratedProfile(name: string, profiles: ReturnType<ProfilesOf>): string | undefined {
  const byName = profiles.all
    .filter((url) => name.startsWith(`${url.slice(url.lastIndexOf('/') + 1)}-`))
    .sort((a, b) => b.length - a.length);
  return byName[0] ?? profiles.base;
}

const profileExceptions: Readonly<Record<string, string>> = {
  'UKCore-Observation-Group-FullBloodCount-Example': 'https://fhir.hl7.org.uk/StructureDefinition/UKCore-Observation-Group-Lab',
};

function repair(resource: Resource): Resource {
  const repairs = seedRepairs.filter((r) => r.in === `${resource.resourceType}/${resource.id ?? ''}`);
  if (repairs.length === 0) return resource;
  const fix = (node: unknown): unknown => {
    if (Array.isArray(node)) return node.map(fix);
    if (typeof node !== 'object' || node === null) return node;
    return Object.fromEntries(
      Object.entries(node).map(([key, value]) => {
        const found = repairs.find((r) => r.key === key && r.from === value);
        return [key, found === undefined ? fix(value) : found.to];
      }),
    );
  };
  return fix(resource) as Resource;
}
