import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { UsageError } from '../runner/errors.js';
import type { LoadDefinitionsOptions } from './definitions.js';
import { loadPackageSet } from './definitions.js';
import { findInCache, installIntoCache, listCache } from './packages/package-cache.js';
import type { PackageFile } from './packages/package-content.js';
import { readFolderFiles } from './packages/package-folder.js';
import { formatPackageRef } from './packages/package-ref.js';
import { readTarballFiles } from './packages/package-tarball.js';
import { SnapshotError } from './snapshot/index.js';
import type { LoadedPackage } from './types.js';

/** What `assay packages list` shows of a cached package: its manifest, unhashed (listing stays fast). */
export interface CachedPackage {
  readonly ref: string;
  readonly fhirVersions: readonly string[];
  readonly canonical: string | undefined;
}

/** What `assay packages info` shows of a loaded package. */
export interface PackageReport extends LoadedPackage {
  readonly canonical: string | undefined;
  readonly fhirVersions: readonly string[];
  /** How many resources of each type it holds. */
  readonly resources: Readonly<Record<string, number>>;
  /** Its StructureDefinitions whose snapshot cannot be generated. */
  readonly brokenProfiles: readonly SnapshotError[];
}

export async function cachedPackages(cacheDir: string): Promise<CachedPackage[]> {
  const out: CachedPackage[] = [];
  for (const ref of await listCache(cacheDir)) {
    const manifest = parseManifest(await readFile(join(cacheDir, formatPackageRef(ref), 'package', 'package.json'), 'utf8').catch(() => ''));
    const versions = manifest.fhirVersions ?? manifest['fhir-version-list'];
    out.push({
      ref: formatPackageRef(ref),
      fhirVersions: Array.isArray(versions) ? versions.filter((v): v is string => typeof v === 'string') : [],
      canonical: typeof manifest.canonical === 'string' ? manifest.canonical : undefined,
    });
  }
  return out;
}

/** The manifest facts a listing shows; an unreadable manifest shows as none (`info` names the problem). */
function parseManifest(text: string): { fhirVersions?: unknown; 'fhir-version-list'?: unknown; canonical?: unknown } {
  try {
    const parsed: unknown = JSON.parse(text);
    return typeof parsed === 'object' && parsed !== null ? parsed : {};
  } catch {
    return {};
  }
}

/** Loads (and compiles) the packages and their dependencies, and reports on each. */
export async function inspectPackages(options: LoadDefinitionsOptions): Promise<PackageReport[]> {
  const { set, contents } = await loadPackageSet(options);
  return contents.map(({ scanned, entries }) => {
    const resources: Record<string, number> = {};
    for (const entry of [...entries].sort((a, b) => (a.resourceType < b.resourceType ? -1 : 1))) {
      resources[entry.resourceType] = (resources[entry.resourceType] ?? 0) + 1;
    }
    const brokenProfiles = entries.map((entry) => set.trySnapshot(entry)).filter((outcome) => outcome instanceof SnapshotError);
    const { conformanceFiles: _, folder: __, ...facts } = scanned;
    return { ...facts, resources, brokenProfiles };
  });
}

/**
 * Installs packages into the cache: `id#version` from the registry (with dependencies), or a package folder
 * or `.tgz`. Every package is compiled first, and a package given by path whose profiles do not compile is
 * refused before anything of it is written.
 */
export async function installPackages(options: LoadDefinitionsOptions): Promise<{ report: PackageReport; installed: boolean }[]> {
  const reports = await inspectPackages(options);
  const broken = reports.flatMap((r) => r.brokenProfiles);
  const [first] = broken;
  if (first !== undefined) {
    throw new UsageError(`${first.message}${broken.length > 1 ? ` (and ${broken.length - 1} more broken StructureDefinitions)` : ''}`, {
      fix: `${first.fix ?? ''}; nothing was installed`,
    });
  }
  const results: { report: PackageReport; installed: boolean }[] = [];
  for (const report of reports) {
    const fromPath = options.packages.includes(report.source);
    if (!fromPath || (await findInCache(options.cacheDir, report)) !== undefined) {
      results.push({ report, installed: false });
      continue;
    }
    await installIntoCache(options.cacheDir, report, await filesOf(report.source));
    results.push({ report, installed: true });
  }
  return results;
}

async function filesOf(source: string): Promise<PackageFile[]> {
  return source.endsWith('.tgz') ? readTarballFiles(source) : (await readFolderFiles(source)).files;
}
