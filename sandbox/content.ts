import type { Resource, StructureDefinition } from 'fhir/r4.js';
import { basename } from 'node:path';
import type { LoadedPackage } from '../profiles/index.js';
import { CanonicalIndex, readPackageExamples, resolvePackages } from '../profiles/index.js';
import type { SearchParam } from './search/parameters.js';
import { searchParamsFor } from './search/parameters.js';
import { buildSeed } from './seed.js';

/** The UK Core release the sandbox serves unless told otherwise. */
export const ukCorePackage = 'fhir.r4.ukcore.stu2#2.0.2';

/** One resource type the sandbox serves, with what its CapabilityStatement says about it. */
export interface ServedType {
  readonly type: string;
  /** The UK Core profile of the type (CapabilityStatement `profile`), if UK Core profiles it. */
  readonly profile: string | undefined;
  /** Every UK Core profile of the type in the package (CapabilityStatement `supportedProfile`). */
  readonly supportedProfiles: readonly string[];
  readonly searchParams: readonly SearchParam[];
  /** Top-level elements marked isSummary in R4 core (`_summary=true`). */
  readonly summaryElements: ReadonlySet<string>;
  /** Top-level elements with min >= 1 in R4 core (kept by `_summary=text` and `_elements`). */
  readonly mandatoryElements: ReadonlySet<string>;
  /** Every top-level element name in R4 core, choice elements as `value[x]`. */
  readonly elements: ReadonlySet<string>;
}

/**
 * Everything a sandbox serves that comes from packages, loaded once and shared read-only by any number
 * of sandboxes (tests start one per defect from the same content).
 */
export interface SandboxContent {
  readonly packages: readonly LoadedPackage[];
  readonly types: ReadonlyMap<string, ServedType>;
  /** Every R4 resource type name, to tell "not served here" from "not a FHIR type". */
  readonly fhirResourceTypes: ReadonlySet<string>;
  /** The seed: UK Core's examples with meta.profile stamped, repaired and completed (see seed.ts). */
  readonly seed: readonly Resource[];
}

export interface LoadContentOptions {
  /** The FHIR package cache (see packageCacheDir). */
  readonly cacheDir: string;
  /** The UK Core package, `id#version` or a folder; default fhir.r4.ukcore.stu2#2.0.2. */
  readonly package?: string;
}

interface RequirementsCapabilityStatement {
  readonly rest?: readonly { readonly resource?: readonly { readonly type: string; readonly profile?: string }[] }[];
}

export async function loadSandboxContent(options: LoadContentOptions): Promise<SandboxContent> {
  const packages = await resolvePackages([options.package ?? ukCorePackage], { cacheDir: options.cacheDir });
  const [ukCore] = packages;
  if (ukCore === undefined) throw new Error('resolvePackages returned no package');
  const index = new CanonicalIndex(packages.flatMap((p) => p.resources));
  const examples = await readPackageExamples(ukCore);

  const profiles = ukCore.resources.filter(
    (r) => r.resourceType === 'StructureDefinition' && r.kind === 'resource' && r.derivation === 'constraint',
  ) as unknown as StructureDefinition[];
  const profilesOf = (type: string) => profiles.filter((p) => p.type === type).map((p) => p.url).sort();
  const requirements = ukCore.resources.find((r) => r.resourceType === 'CapabilityStatement') as RequirementsCapabilityStatement | undefined;
  const baseProfile = new Map<string, string>();
  for (const resource of requirements?.rest?.flatMap((rest) => rest.resource ?? []) ?? []) {
    if (resource.profile !== undefined && index.resolve(resource.profile) !== undefined) baseProfile.set(resource.type, resource.profile);
  }

  const seed = buildSeed(
    examples.map(({ file, resource }) => ({ name: basename(file, '.json'), resource })),
    (type) => ({ base: baseProfile.get(type), all: profilesOf(type) }),
  );
  const typeNames = new Set([...baseProfile.keys(), ...seed.map((r) => r.resourceType)]);
  const types = new Map<string, ServedType>();
  for (const type of [...typeNames].sort()) {
    const core = index.resolve(`http://hl7.org/fhir/StructureDefinition/${type}`) as unknown as StructureDefinition | undefined;
    if (core?.snapshot === undefined) throw new Error(`R4 core has no StructureDefinition with a snapshot for ${type}`);
    const topLevel = core.snapshot.element.filter((e) => e.path.split('.').length === 2);
    const name = (path: string) => path.slice(type.length + 1);
    types.set(type, {
      type,
      profile: baseProfile.get(type),
      supportedProfiles: profilesOf(type),
      searchParams: searchParamsFor(type, index),
      summaryElements: new Set(topLevel.filter((e) => e.isSummary === true).map((e) => name(e.path))),
      mandatoryElements: new Set(topLevel.filter((e) => (e.min ?? 0) >= 1).map((e) => name(e.path))),
      elements: new Set(topLevel.map((e) => name(e.path))),
    });
  }

  const fhirResourceTypes = new Set(
    [...index.all('StructureDefinition')]
      .filter((r) => r.kind === 'resource' && r.derivation === 'specialization' && typeof r.type === 'string')
      .map((r) => r.type as string),
  );
  return {
    packages: packages.map(({ id, version, sha256, source, dependencies }) => ({ id, version, sha256, source, dependencies })),
    types,
    fhirResourceTypes,
    seed,
  };
}
