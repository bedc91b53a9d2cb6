import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { LoadedPackage } from '../types.js';

/**
 * The folder for compiled packages: the `--compiled-cache` flag, else `ASSAY_COMPILED_CACHE`, else
 * `$XDG_CACHE_HOME/assay`, else `~/.cache/assay`.
 */
export function compiledCacheDir(flag: string | undefined, env: Readonly<Record<string, string | undefined>>): string {
  const chosen = flag ?? env.ASSAY_COMPILED_CACHE;
  if (chosen !== undefined && chosen !== '') return resolve(chosen);
  const xdg = env.XDG_CACHE_HOME;
  return join(xdg !== undefined && xdg !== '' ? xdg : join(homedir(), '.cache'), 'assay');
}

/**
 * What a compiled package depends on: its own content, the content of every package in its dependency
 * closure (its snapshots build on theirs), and the code that compiled it. The code's fingerprint is the
 * digest of the source files of the snapshot generator, the package reader and this cache, so any change to either
 * invalidates every compiled package without anyone having to remember to bump a version.
 */
export function compiledKey(pkg: LoadedPackage, closure: readonly LoadedPackage[], code: string): string {
  return createHash('sha256')
    .update(JSON.stringify({ code, package: pkg.sha256, dependencies: closure.map((p) => p.sha256).sort() }))
    .digest('hex');
}

/** The fingerprint of the code whose output the compiled cache keeps (see compiledKey). */
export function codeFingerprint(): string {
  const digest = createHash('sha256');
  for (const folder of ['../snapshot/', '../packages/', './']) {
    const dir = fileURLToPath(new URL(folder, import.meta.url));
    for (const name of readdirSync(dir).filter((n) => /\.(ts|js)$/.test(n) && !n.endsWith('.d.ts')).sort()) {
      digest.update(`${folder}${name}\0`).update(readFileSync(join(dir, name)));
    }
  }
  return digest.digest('hex');
}
