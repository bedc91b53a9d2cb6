import { homedir } from 'node:os';
import { join, resolve } from 'node:path';
import { mkdtemp, readdir, rename, rm, stat, writeFile } from 'node:fs/promises';
import { makeDirectory } from '../../runner/make-directory.js';
import { UsageError } from '../../runner/errors.js';
import type { PackageRef } from '../types.js';
import type { PackageFile } from './package-content.js';
import { formatPackageRef } from './package-ref.js';

/**
 * The package cache folder: the `--package-cache` flag, else `ASSAY_PACKAGE_CACHE`, else the standard
 * `~/.fhir/packages` shared with the HL7 validator, SUSHI and Firely tools.
 */
export function packageCacheDir(flag: string | undefined, env: Readonly<Record<string, string | undefined>>): string {
  const chosen = flag ?? env.ASSAY_PACKAGE_CACHE;
  return chosen !== undefined && chosen !== '' ? resolve(chosen) : join(homedir(), '.fhir', 'packages');
}

/** Where `id#version` lives in the cache, if it is there (`<cache>/<id>#<version>/package/package.json`). */
export async function findInCache(cacheDir: string, ref: PackageRef): Promise<string | undefined> {
  const dir = join(cacheDir, formatPackageRef(ref));
  try {
    return (await stat(join(dir, 'package', 'package.json'))).isFile() ? dir : undefined;
  } catch {
    return undefined;
  }
}

/** Every package in the cache (folders named `id#version` holding package/package.json), sorted. */
export async function listCache(cacheDir: string): Promise<PackageRef[]> {
  const names = await readdir(cacheDir).catch(() => []);
  const refs: PackageRef[] = [];
  for (const name of names.sort()) {
    const hash = name.indexOf('#');
    if (hash <= 0) continue;
    const ref = { id: name.slice(0, hash), version: name.slice(hash + 1) };
    if ((await findInCache(cacheDir, ref)) !== undefined) refs.push(ref);
  }
  return refs;
}

/**
 * Installs a package's files as `<cache>/<id>#<version>/package/...`. The files are written into a temporary
 * folder inside the cache and renamed into place, so another tool (or Assay run) never sees half a package;
 * when one got there first, its copy is kept.
 */
export async function installIntoCache(cacheDir: string, ref: PackageRef, files: readonly PackageFile[]): Promise<string> {
  const target = join(cacheDir, formatPackageRef(ref));
  let staging: string | undefined;
  try {
    await makeDirectory(cacheDir);
    staging = await mkdtemp(join(cacheDir, `.assay-install-${ref.id}-`));
    for (const file of files) {
      const path = join(staging, 'package', ...file.relative.split('/'));
      await makeDirectory(join(path, '..'));
      await writeFile(path, file.bytes);
    }
    await rename(staging, target).catch(async (error: unknown) => {
      if ((await findInCache(cacheDir, ref)) === undefined) throw error;
    });
    return target;
  } catch (error) {
    throw new UsageError(`cannot install FHIR package ${formatPackageRef(ref)} into the package cache ${cacheDir} (${(error as Error).message})`, {
      fix: 'give a writable --package-cache DIR (or ASSAY_PACKAGE_CACHE)',
    });
  } finally {
    if (staging !== undefined) await rm(staging, { recursive: true, force: true });
  }
}
