import { createHash } from 'node:crypto';
import { readdir, readFile, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { UsageError } from '../../runner/errors.js';
import type { ConformanceResource, LoadedPackage, PackageRef } from '../types.js';

/** A package read from disk: its manifest facts and its conformance resources (examples are read on demand). */
export interface FhirPackage extends LoadedPackage {
  readonly canonical: string | undefined;
  readonly fhirVersions: readonly string[];
  readonly resources: readonly ConformanceResource[];
  /** The folder holding package.json and the resources (`<pkg>/package`). */
  readonly folder: string;
}

interface Manifest {
  readonly name?: unknown;
  readonly version?: unknown;
  readonly canonical?: unknown;
  readonly dependencies?: unknown;
  readonly fhirVersions?: unknown;
  readonly 'fhir-version-list'?: unknown;
}

/**
 * Reads a package folder in the standard layout: either `<dir>/package/package.json` (the cache layout) or
 * `<dir>/package.json`. The sha256 covers every file's relative name and bytes in sorted order, so the same
 * package hashes the same from the cache, an unpacked folder or a tarball.
 */
export async function readPackageFolder(dir: string): Promise<FhirPackage> {
  const folder = (await isFile(join(dir, 'package', 'package.json'))) ? join(dir, 'package') : dir;
  const manifestFile = join(folder, 'package.json');
  if (!(await isFile(manifestFile))) {
    throw new UsageError(`${dir} is not a FHIR package: it has no package/package.json`, {
      fix: 'give a package folder (with package/package.json), a .tgz, or id#version from the cache',
    });
  }
  const manifest = (await readJson(manifestFile)) as Manifest;
  if (typeof manifest.name !== 'string' || typeof manifest.version !== 'string') {
    throw new UsageError(`${manifestFile} has no "name" and "version"`, { fix: 'it must be a FHIR package manifest' });
  }

  const files = await listFiles(folder);
  const digest = createHash('sha256');
  const resources: ConformanceResource[] = [];
  for (const relative of files) {
    const bytes = await readFile(join(folder, relative));
    digest.update(`${relative}\0${bytes.length}\0`).update(bytes);
    if (isConformanceFile(relative)) {
      const resource = parseResource(bytes, join(folder, relative));
      if (resource !== undefined) resources.push(resource);
    }
  }

  return {
    id: manifest.name,
    version: manifest.version,
    sha256: digest.digest('hex'),
    source: dir,
    folder,
    canonical: typeof manifest.canonical === 'string' ? manifest.canonical : undefined,
    fhirVersions: stringList(manifest.fhirVersions ?? manifest['fhir-version-list']),
    dependencies: dependencyList(manifest.dependencies),
    resources,
  };
}

/** The example instances a package carries under `package/examples/` (UK Core ships 140). */
export async function readPackageExamples(pkg: FhirPackage): Promise<{ file: string; resource: ConformanceResource }[]> {
  const examplesDir = join(pkg.folder, 'examples');
  const names = await readdir(examplesDir).catch(() => []);
  const examples: { file: string; resource: ConformanceResource }[] = [];
  for (const name of names.filter((n) => n.endsWith('.json')).sort()) {
    const file = join(examplesDir, name);
    const resource = parseResource(await readFile(file), file);
    if (resource !== undefined) examples.push({ file, resource });
  }
  return examples;
}

/** Top-level JSON files other than the manifest and index; examples and other folders are not conformance content. */
function isConformanceFile(relative: string): boolean {
  return !relative.includes('/') && relative.endsWith('.json') && relative !== 'package.json' && !relative.startsWith('.');
}

function parseResource(bytes: Buffer, file: string): ConformanceResource | undefined {
  let parsed: unknown;
  try {
    parsed = JSON.parse(bytes.toString('utf8'));
  } catch (error) {
    throw new UsageError(`${file} is not valid JSON (${(error as Error).message})`, {
      fix: 'repair or remove the file; a FHIR package holds JSON resources',
    });
  }
  if (typeof parsed !== 'object' || parsed === null || !('resourceType' in parsed)) return undefined;
  return parsed as ConformanceResource;
}

async function listFiles(root: string, prefix = ''): Promise<string[]> {
  const entries = await readdir(join(root, prefix), { withFileTypes: true });
  const files: string[] = [];
  for (const entry of entries) {
    const relative = prefix === '' ? entry.name : `${prefix}/${entry.name}`;
    if (entry.isDirectory()) files.push(...(await listFiles(root, relative)));
    else if (entry.isFile()) files.push(relative);
  }
  return files.sort();
}

async function readJson(file: string): Promise<unknown> {
  try {
    return JSON.parse(await readFile(file, 'utf8'));
  } catch (error) {
    throw new UsageError(`${file} is not valid JSON (${(error as Error).message})`, { fix: 'repair the package manifest' });
  }
}

async function isFile(file: string): Promise<boolean> {
  try {
    return (await stat(file)).isFile();
  } catch {
    return false;
  }
}

function stringList(value: unknown): string[] {
  return Array.isArray(value) ? value.filter((v): v is string => typeof v === 'string') : [];
}

function dependencyList(value: unknown): PackageRef[] {
  if (typeof value !== 'object' || value === null) return [];
  return Object.entries(value)
    .filter((entry): entry is [string, string] => typeof entry[1] === 'string')
    .map(([id, version]) => ({ id, version }));
}
