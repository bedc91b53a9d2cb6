import type { StructureDefinition } from 'fhir/r4.js';
import { CanonicalIndex } from './canonical-index.js';
import { resolvePackages } from './packages/resolve.js';
import { generateSnapshot, SnapshotError } from './snapshot/index.js';
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
  const structureDefinition = snapshotting((canonical) => index.resolve(canonical));
  return Object.freeze({
    packages: packages.map(({ id, version, sha256, source, dependencies }) => ({ id, version, sha256, source, dependencies })),
    resolve: (canonical: string) => index.resolve(canonical),
    structureDefinition,
    all: (resourceType: string) => index.all(resourceType),
  });
}

/**
 * StructureDefinitions by canonical, each with a snapshot: the one it ships, or one generated on first use and
 * kept (with any SnapshotError, thrown again on every later use) for the life of the Definitions.
 */
function snapshotting(resolve: (canonical: string) => ConformanceResource | undefined): (canonical: string) => StructureDefinition | undefined {
  const generated = new Map<ConformanceResource, StructureDefinition | SnapshotError>();
  const inProgress = new Set<ConformanceResource>();
  const structureDefinition = (canonical: string): StructureDefinition | undefined => {
    const resource = resolve(canonical);
    if (resource?.resourceType !== 'StructureDefinition') return undefined;
    const sd = resource as unknown as StructureDefinition;
    if ((sd.snapshot?.element.length ?? 0) > 0) return sd;
    const known = generated.get(resource);
    if (known instanceof SnapshotError) throw known;
    if (known !== undefined) return known;
    if (inProgress.has(resource)) {
      throw new SnapshotError(sd.url, 'its snapshot depends on itself (through its baseDefinition or a type profile)', 'break the cycle in its differential');
    }
    inProgress.add(resource);
    try {
      const withSnapshot: StructureDefinition = { ...sd, snapshot: { element: generateSnapshot(sd, { structureDefinition }) } };
      generated.set(resource, withSnapshot);
      return withSnapshot;
    } catch (error) {
      if (error instanceof SnapshotError) generated.set(resource, error);
      throw error;
    } finally {
      inProgress.delete(resource);
    }
  };
  return structureDefinition;
}
