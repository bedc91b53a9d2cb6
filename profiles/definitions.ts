import type { StructureDefinition } from 'fhir/r4.js';
import { CanonicalIndex } from './canonical-index.js';
import { resolvePackages } from './packages/resolve.js';
import type { ConformanceResource, Definitions } from './types.js';

export interface LoadDefinitionsOptions {
  /** `id#version` references or package folder paths; dependencies are loaded too. */
  readonly packages: readonly string[];
  readonly cacheDir: string;
  /** Extra conformance resources (from --definitions), indexed alongside the packages'. */
  readonly extra?: readonly ConformanceResource[];
}

/** Loads packages and extra resources into one read-only Definitions. */
export async function loadDefinitions(options: LoadDefinitionsOptions): Promise<Definitions> {
  const packages = await resolvePackages(options.packages, { cacheDir: options.cacheDir });
  const index = new CanonicalIndex([...packages.flatMap((p) => p.resources), ...(options.extra ?? [])]);
  return Object.freeze({
    packages: packages.map(({ id, version, sha256, source, dependencies }) => ({ id, version, sha256, source, dependencies })),
    resolve: (canonical: string) => index.resolve(canonical),
    structureDefinition: (canonical: string) => {
      const resource = index.resolve(canonical);
      return resource?.resourceType === 'StructureDefinition' ? (resource as unknown as StructureDefinition) : undefined;
    },
    all: (resourceType: string) => index.all(resourceType),
  });
}
