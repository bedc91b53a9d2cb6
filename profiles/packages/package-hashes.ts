import { createHash, randomBytes } from 'node:crypto';
import { lstatSync, readdirSync } from 'node:fs';
import { readFile, rename, rm, writeFile } from 'node:fs/promises';
import { makeDirectory } from '../../runner/make-directory.js';
import { join } from 'node:path';

/**
 * The sha256 of package sources as last computed, with the stat signature of their files at the time
 * (names, sizes, modification and change times, inodes). A source whose signature is unchanged is not read
 * and hashed again: hashing R4 core's 4,600 files is most of a warm start. Content rewritten in place
 * changes the change time (ctime), which no ordinary tool can set back, so a stale hash is not reused.
 */
export interface PackageHashes {
  /** The sha256 and manifest (package.json) recorded for the source, if its signature is unchanged. */
  known(source: string, signature: string): { sha256: string; manifest: Buffer } | undefined;
  remember(source: string, signature: string, sha256: string, manifest: Buffer): void;
}

/** Remembers nothing: every package is hashed from its content (the default without a compiled cache). */
export const noPackageHashes: PackageHashes = { known: () => undefined, remember: () => undefined };

/** The stat signature of a package folder (every file under it) or of a tarball. */
export function statSignature(path: string): string {
  const digest = createHash('sha256');
  const visit = (relative: string) => {
    const full = relative === '' ? path : join(path, relative);
    const facts = lstatSync(full);
    if (facts.isDirectory()) {
      for (const name of readdirSync(full).sort()) visit(relative === '' ? name : `${relative}/${name}`);
    } else {
      digest.update(`${relative}\0${facts.size}\0${facts.mtimeMs}\0${facts.ctimeMs}\0${facts.ino}\n`);
    }
  };
  visit('');
  return digest.digest('hex');
}

/** Package hashes kept in one JSON file of the compiled cache; an unreadable file counts as empty. */
export async function storedPackageHashes(dir: string): Promise<PackageHashes & { save(): Promise<void> }> {
  const file = join(dir, 'package-hashes.json');
  let table: Record<string, { signature: string; sha256: string; manifest: string }> = {};
  try {
    const parsed: unknown = JSON.parse(await readFile(file, 'utf8'));
    if (typeof parsed === 'object' && parsed !== null) table = parsed as typeof table;
  } catch {
    table = {};
  }
  let changed = false;
  return {
    known: (source, signature) => {
      const entry = table[source];
      if (entry?.signature !== signature || typeof entry.manifest !== 'string' || !/^[0-9a-f]{64}$/.test(String(entry.sha256))) return undefined;
      return { sha256: entry.sha256, manifest: Buffer.from(entry.manifest, 'utf8') };
    },
    remember: (source, signature, sha256, manifest) => {
      table[source] = { signature, sha256, manifest: manifest.toString('utf8') };
      changed = true;
    },
    save: async () => {
      if (!changed) return;
      const temporary = join(dir, `.package-hashes.${randomBytes(6).toString('hex')}.tmp`);
      try {
        await makeDirectory(dir);
        await writeFile(temporary, JSON.stringify(table));
        await rename(temporary, file);
      } catch {
        await rm(temporary, { force: true }).catch(() => undefined);
      }
    },
  };
}
