import { mkdtemp, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { UsageError } from '../../runner/errors.js';
import type { PackageRef } from '../types.js';
import { findInCache, installIntoCache, listCache } from './package-cache.js';
import type { FhirPackage, PackageFile, ScannedPackage } from './package-content.js';
import { parsePackage, scanPackage } from './package-content.js';
import { scanPackageFolder } from './package-folder.js';
import { formatPackageRef, parsePackageRef } from './package-ref.js';
import { readTarballFiles, scanPackageTarball } from './package-tarball.js';
import type { PackageHashes } from './package-hashes.js';
import type { PackageRegistry } from './registry.js';
import { RegistryUnreachable } from './registry.js';
import { pickVersion, versionSpec } from './version.js';

export interface ResolveOptions {
  /** The package cache folder (see packageCacheDir). */
  readonly cacheDir: string;
  /** Where packages the cache lacks are downloaded from; without one, nothing is downloaded. */
  readonly registry?: PackageRegistry | undefined;
  /** Never download, even with a registry (the registry is then only named in messages). */
  readonly offline?: boolean | undefined;
  /** Hashes of package sources already computed, to skip re-reading unchanged packages. */
  readonly hashes?: PackageHashes | undefined;
}

/**
 * Finds the requested packages and, transitively, their dependencies, each once, in the order the DESIGN
 * gives: a request is a package folder or `.tgz` path (taken as it is), or `id#version`, looked up in the
 * cache and, when missing there, downloaded from the registry into the cache. Versions may be exact,
 * wildcards (`4.0.x`) or `latest`.
 */
export async function scanPackages(requests: readonly string[], options: ResolveOptions): Promise<ScannedPackage[]> {
  const loaded = new Map<string, ScannedPackage>();
  const pending: { request: string | PackageRef; requiredBy?: string }[] = requests.map((request) => ({ request }));
  for (let next = pending.shift(); next !== undefined; next = pending.shift()) {
    const pkg = typeof next.request === 'string' && looksLikePath(next.request)
      ? await scanPath(next.request, options.hashes)
      : await locate(typeof next.request === 'string' ? parsePackageRef(next.request) : next.request, options, next.requiredBy, loaded);
    const key = formatPackageRef(pkg);
    if (loaded.has(key)) continue;
    loaded.set(key, pkg);
    for (const dependency of pkg.dependencies) {
      if (!loaded.has(formatPackageRef(dependency))) pending.push({ request: dependency, requiredBy: key });
    }
  }
  return [...loaded.values()];
}

/** The requested packages and their dependencies with their conformance resources parsed. */
export async function resolvePackages(requests: readonly string[], options: ResolveOptions): Promise<FhirPackage[]> {
  return Promise.all((await scanPackages(requests, options)).map(parsePackage));
}

async function scanPath(path: string, hashes: PackageHashes | undefined): Promise<ScannedPackage> {
  const facts = await stat(path).catch(() => undefined);
  if (facts === undefined) throw new UsageError(`FHIR package ${path} does not exist`, { fix: 'check the path given with --package' });
  return facts.isDirectory() ? scanPackageFolder(path, hashes) : scanPackageTarball(path, hashes);
}

async function locate(
  ref: PackageRef,
  options: ResolveOptions,
  requiredBy: string | undefined,
  loaded: ReadonlyMap<string, ScannedPackage>,
): Promise<ScannedPackage> {
  const spec = versionSpec(ref.version);
  const already = [...loaded.values()].filter((p) => p.id === ref.id).map((p) => p.version);
  // an exact version needs one lookup; only a wildcard reads the whole cache's listing
  const cached =
    spec.kind === 'exact'
      ? (await findInCache(options.cacheDir, ref)) === undefined ? [] : [ref.version]
      : (await listCache(options.cacheDir)).filter((r) => r.id === ref.id).map((r) => r.version);
  const local = spec.kind === 'latest' ? undefined : pickVersion(spec, [...already, ...cached]);
  if (local !== undefined) {
    return loaded.get(formatPackageRef({ id: ref.id, version: local })) ?? scanPackageFolder(join(options.cacheDir, formatPackageRef({ id: ref.id, version: local })), options.hashes);
  }

  const why = requiredBy === undefined ? '' : ` (a dependency of ${requiredBy})`;
  const wanted = `FHIR package ${formatPackageRef(ref)}${why}`;
  const registry = options.registry;
  if (registry === undefined || options.offline === true) {
    const offline = registry === undefined ? '' : ` and Assay is offline, so it was not downloaded from ${registry.url}`;
    throw new UsageError(`${wanted} is not in the package cache ${options.cacheDir}${offline}`, {
      fix: 'install it there, give --package-cache DIR (or ASSAY_PACKAGE_CACHE), or pass the package folder or .tgz with --package',
    });
  }
  try {
    const version = spec.kind === 'exact' ? ref.version : await pickFromRegistry(registry, ref, spec);
    const concrete = { id: ref.id, version };
    const inCache = await findInCache(options.cacheDir, concrete);
    return inCache !== undefined ? await scanPackageFolder(inCache, options.hashes) : await download(registry, concrete, options.cacheDir);
  } catch (error) {
    if (!(error instanceof RegistryUnreachable)) throw error;
    throw new UsageError(`${wanted} is not in the package cache ${options.cacheDir} and the registry ${registry.url} cannot be reached (${error.message})`, {
      fix: 'connect to the network, or install it into the cache (give --package-cache DIR or ASSAY_PACKAGE_CACHE), or pass the package folder or .tgz with --package',
    });
  }
}

async function pickFromRegistry(registry: PackageRegistry, ref: PackageRef, spec: ReturnType<typeof versionSpec>): Promise<string> {
  const { versions, latest } = await registry.versions(ref.id);
  const version = spec.kind === 'latest' ? (latest ?? pickVersion(spec, versions)) : pickVersion(spec, versions);
  if (version === undefined) {
    throw new UsageError(`the FHIR package registry ${registry.url} has no version of ${ref.id} matching ${ref.version} (it lists ${versions.join(', ') || 'none'})`, {
      fix: 'ask for a version it lists',
    });
  }
  return version;
}

/** Downloads a package into the cache (atomically) and returns it, refusing a tarball that is another package. */
async function download(registry: PackageRegistry, ref: PackageRef, cacheDir: string): Promise<ScannedPackage> {
  const scratch = await mkdtemp(join(tmpdir(), 'assay-download-'));
  try {
    const tarball = join(scratch, 'package.tgz');
    await registry.download(ref, tarball);
    const from = `${registry.url}/${ref.id}/${ref.version}`;
    let files: PackageFile[];
    let scanned: ScannedPackage;
    try {
      files = await readTarballFiles(tarball);
      scanned = scanPackage(files, from, tarball);
    } catch (error) {
      if (!(error instanceof UsageError)) throw error;
      throw new UsageError(`the FHIR package registry ${registry.url} sent something that is not a FHIR package for ${formatPackageRef(ref)} (${from})`, {
        fix: 'try again later or use another --registry',
      });
    }
    if (scanned.id !== ref.id || scanned.version !== ref.version) {
      throw new UsageError(`the FHIR package registry ${registry.url} sent ${formatPackageRef(scanned)} when asked for ${formatPackageRef(ref)}`, {
        fix: 'use another --registry',
      });
    }
    const dir = await installIntoCache(cacheDir, ref, files);
    return { ...scanned, source: dir, folder: join(dir, 'package') };
  } finally {
    await rm(scratch, { recursive: true, force: true });
  }
}

function looksLikePath(request: string): boolean {
  return request.includes('/') || request.includes('\\') || request.startsWith('.') || request.endsWith('.tgz');
}
