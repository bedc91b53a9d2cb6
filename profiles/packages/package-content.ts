import { createHash } from 'node:crypto';
import { UsageError } from '../../runner/errors.js';
import type { ConformanceResource, LoadedPackage, PackageRef } from '../types.js';

/** One file of a package, named relative to its `package/` folder (`StructureDefinition-x.json`, `examples/y.json`). */
export interface PackageFile {
  readonly relative: string;
  readonly bytes: Buffer;
}

/** A package whose files have been read and hashed, its conformance resources not yet parsed. */
export interface ScannedPackage extends LoadedPackage {
  readonly canonical: string | undefined;
  readonly fhirVersions: readonly string[];
  /** The folder holding package.json, or the .tgz the package was read from. */
  readonly folder: string;
  /** The package's top-level JSON files (its conformance resources), read when first asked for. */
  readonly conformanceFiles: () => Promise<readonly PackageFile[]>;
}

/** A package read from disk: its manifest facts and its conformance resources (examples are read on demand). */
export interface FhirPackage extends LoadedPackage {
  readonly canonical: string | undefined;
  readonly fhirVersions: readonly string[];
  readonly resources: readonly ConformanceResource[];
  /** The folder holding package.json and the resources (`<pkg>/package`), or the .tgz it was read from. */
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
 * A package from its files. The sha256 covers every file's relative name, length and bytes in name order, so
 * the same package hashes the same from the cache, an unpacked folder or a tarball; index files that tools
 * write into the cache after installing (`.index.json`, `.index.db`) are left out for the same reason.
 */
export function scanPackage(files: readonly PackageFile[], source: string, folder: string): ScannedPackage {
  const sorted = [...files].sort((a, b) => (a.relative < b.relative ? -1 : a.relative > b.relative ? 1 : 0));
  const manifestFile = sorted.find((f) => f.relative === 'package.json');
  if (manifestFile === undefined) {
    throw new UsageError(`${source} is not a FHIR package: it has no package/package.json`, {
      fix: 'give a package folder (with package/package.json), a FHIR package .tgz, or id#version from the cache',
    });
  }
  const digest = createHash('sha256');
  for (const file of sorted) {
    if (isToolIndex(file.relative)) continue;
    digest.update(`${file.relative}\0${file.bytes.length}\0`).update(file.bytes);
  }
  const conformanceFiles = sorted.filter((f) => isConformanceFile(f.relative));
  return knownPackage(manifestFile.bytes, digest.digest('hex'), source, folder, () => Promise.resolve(conformanceFiles));
}

/**
 * A package whose sha256 is already known (its files unchanged since they were hashed): only its manifest
 * is read now, its files when first asked for.
 */
export function knownPackage(
  manifestBytes: Buffer,
  sha256: string,
  source: string,
  folder: string,
  readFiles: () => Promise<readonly PackageFile[]>,
): ScannedPackage {
  const manifest = parseJson(manifestBytes, `${source} (package/package.json)`, 'repair the package manifest') as Manifest;
  if (typeof manifest !== 'object' || manifest === null || typeof manifest.name !== 'string' || typeof manifest.version !== 'string') {
    throw new UsageError(`${source} (package/package.json) has no "name" and "version"`, { fix: 'it must be a FHIR package manifest' });
  }
  let files: Promise<readonly PackageFile[]> | undefined;
  return {
    id: manifest.name,
    version: manifest.version,
    sha256,
    source,
    folder,
    canonical: typeof manifest.canonical === 'string' ? manifest.canonical : undefined,
    fhirVersions: stringList(manifest.fhirVersions ?? manifest['fhir-version-list']),
    dependencies: dependencyList(manifest.dependencies),
    conformanceFiles: () => (files ??= readFiles().then((all) => all.filter((f) => isConformanceFile(f.relative)))),
  };
}

/** The scanned package with its conformance resources parsed (a malformed file is a bad package: exit 2). */
export async function parsePackage(scan: ScannedPackage): Promise<FhirPackage> {
  const resources: ConformanceResource[] = [];
  for (const file of await scan.conformanceFiles()) {
    const resource = parseResource(file.bytes, `${scan.folder}/${file.relative}`);
    if (resource !== undefined) resources.push(resource);
  }
  const { conformanceFiles: _, ...facts } = scan;
  return { ...facts, resources };
}

/** A resource file's content, or undefined when it is JSON but not a FHIR resource. */
export function parseResource(bytes: Buffer, file: string): ConformanceResource | undefined {
  const parsed = parseJson(bytes, file, 'repair or remove the file; a FHIR package holds JSON resources');
  if (typeof parsed !== 'object' || parsed === null || !('resourceType' in parsed)) return undefined;
  return parsed as ConformanceResource;
}

/** Top-level JSON files other than the manifest and index; examples and other folders are not conformance content. */
export function isConformanceFile(relative: string): boolean {
  return !relative.includes('/') && relative.endsWith('.json') && relative !== 'package.json' && !relative.startsWith('.');
}

function isToolIndex(relative: string): boolean {
  return /(^|\/)\.index\.(json|db)$/.test(relative);
}

function parseJson(bytes: Buffer, file: string, fix: string): unknown {
  try {
    return JSON.parse(bytes.toString('utf8'));
  } catch (error) {
    throw new UsageError(`${file} is not valid JSON (${(error as Error).message})`, { fix });
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
