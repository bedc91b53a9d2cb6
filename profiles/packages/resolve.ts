import { UsageError } from '../../runner/errors.js';
import type { PackageRef } from '../types.js';
import { findInCache } from './package-cache.js';
import type { FhirPackage } from './package-folder.js';
import { readPackageFolder } from './package-folder.js';
import { formatPackageRef, parsePackageRef } from './package-ref.js';

export interface ResolveOptions {
  /** The package cache folder (see packageCacheDir). */
  readonly cacheDir: string;
}

/**
 * Loads the requested packages and, transitively, their dependencies, each once. A request is
 * `id#version` (looked up in the cache) or a path to a package folder.
 */
export async function resolvePackages(requests: readonly string[], options: ResolveOptions): Promise<FhirPackage[]> {
  const loaded = new Map<string, FhirPackage>();
  const pending: { request: string; requiredBy?: string }[] = requests.map((request) => ({ request }));
  for (let next = pending.shift(); next !== undefined; next = pending.shift()) {
    const pkg = await loadOne(next.request, options, next.requiredBy);
    const key = formatPackageRef(pkg);
    if (loaded.has(key)) continue;
    loaded.set(key, pkg);
    for (const dependency of pkg.dependencies) {
      if (!loaded.has(formatPackageRef(dependency))) {
        pending.push({ request: formatPackageRef(dependency), requiredBy: key });
      }
    }
  }
  return [...loaded.values()];
}

async function loadOne(request: string, options: ResolveOptions, requiredBy: string | undefined): Promise<FhirPackage> {
  if (looksLikePath(request)) return readPackageFolder(request);
  const ref: PackageRef = parsePackageRef(request);
  const dir = await findInCache(options.cacheDir, ref);
  if (dir === undefined) {
    const why = requiredBy === undefined ? '' : ` (a dependency of ${requiredBy})`;
    throw new UsageError(`FHIR package ${formatPackageRef(ref)}${why} is not in the package cache ${options.cacheDir}`, {
      fix: 'install it there, give --package-cache DIR (or ASSAY_PACKAGE_CACHE), or pass the package folder or .tgz with --package',
    });
  }
  return readPackageFolder(dir);
}

function looksLikePath(request: string): boolean {
  return request.includes('/') || request.includes('\\') || request.startsWith('.');
}
