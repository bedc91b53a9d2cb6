import { codeFingerprint, compiledKey } from './compiled-cache/cache-key.js';
import { readCompiled, writeCompiled } from './compiled-cache/compiled-file.js';
import type { ResourceEntry } from './definition-set.js';
import { DefinitionSet, fileEntry, parsedEntry } from './definition-set.js';
import type { ScannedPackage } from './packages/package-content.js';
import { storedPackageHashes } from './packages/package-hashes.js';
import { formatPackageRef } from './packages/package-ref.js';
import type { PackageRegistry } from './packages/registry.js';
import { scanPackages } from './packages/resolve.js';
import { SnapshotError } from './snapshot/index.js';
import type { ConformanceResource, Definitions, LoadedPackage } from './types.js';

export interface LoadDefinitionsOptions {
  /** `id#version` references (exact, `4.0.x` or `latest`), package folders or `.tgz` files; dependencies are loaded too. */
  readonly packages: readonly string[];
  /** The package cache (see packageCacheDir). */
  readonly cacheDir: string;
  /** Extra conformance resources (from --definitions), indexed alongside the packages'. */
  readonly extra?: readonly ConformanceResource[];
  /** Where packages missing from the cache are downloaded from (see httpRegistry); without one nothing is downloaded. */
  readonly registry?: PackageRegistry | undefined;
  /** Never download, even with a registry. */
  readonly offline?: boolean | undefined;
  /**
   * Where compiled packages (parsed index and generated snapshots) are kept between runs, keyed by package
   * hash (see compiledCacheDir); without one every run compiles from scratch and nothing is written.
   */
  readonly compiledCache?: string | undefined;
}

/**
 * Loads packages and extra resources into one read-only Definitions in which every StructureDefinition has a
 * snapshot (or, when its differential is broken, throws the SnapshotError naming it on use). A package
 * compiled before (same content, same dependencies, same Assay code) is read from the compiled cache.
 */
export async function loadDefinitions(options: LoadDefinitionsOptions): Promise<Definitions> {
  return (await loadPackageSet(options)).definitions;
}

/** A loaded package with the entries of its resources, for inspecting what it holds. */
export interface PackageContents {
  readonly scanned: ScannedPackage;
  readonly entries: readonly ResourceEntry[];
}

/** loadDefinitions, keeping what `assay packages` reports: each package's resources and snapshot outcomes. */
export async function loadPackageSet(
  options: LoadDefinitionsOptions,
): Promise<{ definitions: Definitions; set: DefinitionSet; contents: PackageContents[] }> {
  const hashes = options.compiledCache === undefined ? undefined : await storedPackageHashes(options.compiledCache);
  const scanned = await scanPackages(options.packages, { cacheDir: options.cacheDir, registry: options.registry, offline: options.offline, hashes });
  await hashes?.save();
  const code = options.compiledCache === undefined ? '' : codeFingerprint();
  const entries: ResourceEntry[] = [];
  const knownErrors = new Map<ResourceEntry, SnapshotError>();
  const toCompile: { pkg: ScannedPackage; key: string; entries: ResourceEntry[] }[] = [];
  const contents: PackageContents[] = [];
  for (const pkg of scanned) {
    const key = compiledKey(pkg, dependencyClosure(pkg, scanned), code);
    const compiled = options.compiledCache === undefined ? undefined : await readCompiled(options.compiledCache, pkg, key);
    if (compiled !== undefined) {
      entries.push(...compiled.entries);
      contents.push({ scanned: pkg, entries: compiled.entries });
      for (const [entry, error] of compiled.errors) knownErrors.set(entry, error);
    } else {
      const parsed = (await pkg.conformanceFiles()).flatMap((file) => fileEntry(file.bytes, `${pkg.folder}/${file.relative}`) ?? []);
      entries.push(...parsed);
      contents.push({ scanned: pkg, entries: parsed });
      toCompile.push({ pkg, key, entries: parsed });
    }
  }
  const extra = (options.extra ?? []).map(parsedEntry);
  const set = new DefinitionSet([...entries, ...extra], knownErrors);

  for (const { pkg, key, entries: compiling } of toCompile) {
    const errors = compiling.map((entry) => set.trySnapshot(entry)).filter((outcome) => outcome instanceof SnapshotError);
    if (options.compiledCache !== undefined) {
      const resources = compiling.map((entry) => ({ facts: entry, json: set.jsonOf(entry) }));
      await writeCompiled(options.compiledCache, pkg, key, resources, errors);
    }
  }
  for (const entry of extra) set.trySnapshot(entry);

  const packages: LoadedPackage[] = scanned.map(({ id, version, sha256, source, dependencies }) => ({ id, version, sha256, source, dependencies }));
  return { definitions: set.definitions(packages), set, contents };
}

/** The packages a package depends on, directly or not, among those loaded. */
function dependencyClosure(pkg: ScannedPackage, all: readonly ScannedPackage[]): ScannedPackage[] {
  const byRef = new Map(all.map((p) => [formatPackageRef(p), p]));
  const closure = new Map<string, ScannedPackage>();
  const visit = (p: ScannedPackage) => {
    for (const dependency of p.dependencies) {
      const found = byRef.get(formatPackageRef(dependency)) ?? all.find((candidate) => candidate.id === dependency.id);
      if (found === undefined || closure.has(formatPackageRef(found))) continue;
      closure.set(formatPackageRef(found), found);
      visit(found);
    }
  };
  visit(pkg);
  return [...closure.values()];
}
