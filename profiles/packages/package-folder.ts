import { readdirSync, readFileSync } from 'node:fs';
import { readdir, readFile, stat } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import type { ConformanceResource } from '../types.js';
import type { FhirPackage, PackageFile, ScannedPackage } from './package-content.js';
import { knownPackage, parsePackage, parseResource, scanPackage } from './package-content.js';
import type { PackageHashes } from './package-hashes.js';
import { noPackageHashes, statSignature } from './package-hashes.js';
import { readTarballFiles } from './package-tarball.js';

export type { FhirPackage } from './package-content.js';

/**
 * Reads a package folder in the standard layout: either `<dir>/package/package.json` (the cache layout) or
 * `<dir>/package.json`, and hashes it (see scanPackage). The thousands of small files of a package like R4 core
 * are read synchronously: one call each instead of a round trip through the thread pool, several times faster.
 */
export async function scanPackageFolder(dir: string, hashes: PackageHashes = noPackageHashes): Promise<ScannedPackage> {
  const folder = await packageFolder(dir);
  const source = resolve(dir);
  const signature = hashes === noPackageHashes ? undefined : statSignature(folder);
  const known = signature === undefined ? undefined : hashes.known(source, signature);
  if (known !== undefined) return knownPackage(known.manifest, known.sha256, dir, folder, async () => (await readFolderFiles(dir)).files);
  const { files } = await readFolderFiles(dir);
  const scanned = scanPackage(files, dir, folder);
  const manifest = files.find((f) => f.relative === 'package.json');
  if (signature !== undefined && manifest !== undefined) hashes.remember(source, signature, scanned.sha256, manifest.bytes);
  return scanned;
}

/** Every file of a package folder, named relative to the folder holding package.json. */
export async function readFolderFiles(dir: string): Promise<{ folder: string; files: PackageFile[] }> {
  const folder = await packageFolder(dir);
  const files: PackageFile[] = [];
  for (const relative of listFiles(folder)) files.push({ relative, bytes: readFileSync(join(folder, relative)) });
  return { folder, files };
}

/** A package folder with its conformance resources parsed. */
export async function readPackageFolder(dir: string): Promise<FhirPackage> {
  return parsePackage(await scanPackageFolder(dir));
}

/** The example instances a package carries under `package/examples/` (UK Core ships 140). */
export async function readPackageExamples(pkg: FhirPackage): Promise<{ file: string; resource: ConformanceResource }[]> {
  const files = pkg.folder.endsWith('.tgz')
    ? (await readTarballFiles(pkg.folder)).filter((f) => f.relative.startsWith('examples/'))
    : await examplesOfFolder(pkg.folder);
  const examples: { file: string; resource: ConformanceResource }[] = [];
  for (const { relative, bytes } of files.filter((f) => /^examples\/[^/]+\.json$/.test(f.relative)).sort((a, b) => (a.relative < b.relative ? -1 : 1))) {
    const file = join(pkg.folder, relative);
    const resource = parseResource(bytes, file);
    if (resource !== undefined) examples.push({ file, resource });
  }
  return examples;
}

async function examplesOfFolder(folder: string): Promise<PackageFile[]> {
  const names = await readdir(join(folder, 'examples')).catch(() => []);
  return Promise.all(names.map(async (name) => ({ relative: `examples/${name}`, bytes: await readFile(join(folder, 'examples', name)) })));
}

function listFiles(root: string, prefix = ''): string[] {
  let entries;
  try {
    entries = readdirSync(join(root, prefix), { withFileTypes: true });
  } catch {
    return [];
  }
  const files: string[] = [];
  for (const entry of entries) {
    const relative = prefix === '' ? entry.name : `${prefix}/${entry.name}`;
    if (entry.isDirectory()) files.push(...listFiles(root, relative));
    else if (entry.isFile()) files.push(relative);
  }
  return files;
}

async function packageFolder(dir: string): Promise<string> {
  return (await isFile(join(dir, 'package', 'package.json'))) ? join(dir, 'package') : dir;
}

async function isFile(file: string): Promise<boolean> {
  try {
    return (await stat(file)).isFile();
  } catch {
    return false;
  }
}
