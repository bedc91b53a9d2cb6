import { homedir } from 'node:os';
import { join, resolve } from 'node:path';
import { stat } from 'node:fs/promises';
import type { PackageRef } from '../types.js';
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
