import { createHash, randomBytes } from 'node:crypto';
import { readdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { makeDirectory } from '../../runner/make-directory.js';
import { join } from 'node:path';
import type { ResourceEntry } from '../definition-set.js';
import { lazyEntry } from '../definition-set.js';
import { formatPackageRef } from '../packages/package-ref.js';
import { SnapshotError } from '../snapshot/index.js';
import type { PackageRef } from '../types.js';

/**
 * One compiled package on disk: its resources as JSON (StructureDefinitions with their generated snapshots)
 * and the snapshot errors, so a warm start parses only what it uses. Layout: a magic line, the header's
 * length, the header (JSON: key, body digest, where each resource is), then the body.
 */
const magic = 'ASSAY-COMPILED-PACKAGE 1\n';

/** [resourceType, url, version, id, offset, length] */
type EntryRow = [string, string | null, string | null, string | null, number, number];
/** [url, version, problem, fix] */
type ErrorRow = [string, string | null, string, string];

interface Header {
  readonly key: string;
  readonly bodySha256: string;
  readonly entries: EntryRow[];
  readonly errors: ErrorRow[];
}

export interface CompiledPackage {
  readonly entries: ResourceEntry[];
  readonly errors: Map<ResourceEntry, SnapshotError>;
}

/** The file for a package under `key`; the id#version prefix lets a newer compilation replace older ones. */
function fileName(ref: PackageRef, key: string): string {
  return `${formatPackageRef(ref)}.${key.slice(0, 32)}.compiled`;
}

/**
 * The compiled package, or undefined when there is none or it cannot be trusted: wrong magic, another key, a
 * header that does not parse, a body whose digest differs (truncated, corrupted). It is then rebuilt.
 */
export async function readCompiled(dir: string, ref: PackageRef, key: string): Promise<CompiledPackage | undefined> {
  const bytes = await readFile(join(dir, fileName(ref, key))).catch(() => undefined);
  if (bytes === undefined || bytes.subarray(0, magic.length).toString('latin1') !== magic) return undefined;
  try {
    const lengthEnd = bytes.indexOf(10, magic.length);
    const headerStart = lengthEnd + 1;
    const headerEnd = headerStart + Number(bytes.subarray(magic.length, lengthEnd).toString('latin1'));
    const header = JSON.parse(bytes.subarray(headerStart, headerEnd).toString('utf8')) as Header;
    const body = bytes.subarray(headerEnd);
    if (header.key !== key || createHash('sha256').update(body).digest('hex') !== header.bodySha256) return undefined;
    const entries = header.entries.map(([resourceType, url, version, id, offset, length]) =>
      lazyEntry({ resourceType, url: url ?? undefined, version: version ?? undefined, id: id ?? undefined }, body.subarray(offset, offset + length)),
    );
    const errors = new Map<ResourceEntry, SnapshotError>();
    for (const [url, version, problem, fix] of header.errors) {
      const entry = entries.find((e) => e.resourceType === 'StructureDefinition' && e.url === url && e.version === (version ?? undefined));
      if (entry !== undefined) errors.set(entry, new SnapshotError(url, problem, fix));
    }
    return { entries, errors };
  } catch {
    return undefined;
  }
}

/**
 * Writes a compiled package atomically (a temporary name, then rename) and removes older compilations of the
 * same package. The cache only speeds things up: when it cannot be written, the run goes on without it.
 */
export async function writeCompiled(
  dir: string,
  ref: PackageRef,
  key: string,
  resources: readonly { readonly facts: Omit<ResourceEntry, 'resource' | 'json'>; readonly json: Buffer }[],
  errors: readonly SnapshotError[],
): Promise<boolean> {
  const entries: EntryRow[] = [];
  let offset = 0;
  for (const { facts, json } of resources) {
    entries.push([facts.resourceType, facts.url ?? null, facts.version ?? null, facts.id ?? null, offset, json.length]);
    offset += json.length;
  }
  const body = Buffer.concat(resources.map((r) => r.json));
  const errorRows: ErrorRow[] = errors.map((e) => [e.url, versionOf(resources, e.url), e.problem, e.fix ?? '']);
  const header: Header = { key, bodySha256: createHash('sha256').update(body).digest('hex'), entries, errors: errorRows };
  const headerBytes = Buffer.from(JSON.stringify(header), 'utf8');
  const name = fileName(ref, key);
  const temporary = join(dir, `.${name}.${randomBytes(6).toString('hex')}.tmp`);
  try {
    await makeDirectory(dir);
    await writeFile(temporary, Buffer.concat([Buffer.from(`${magic}${headerBytes.length}\n`, 'latin1'), headerBytes, body]));
    await rename(temporary, join(dir, name));
    const stale = (await readdir(dir)).filter((n) => n.startsWith(`${formatPackageRef(ref)}.`) && n.endsWith('.compiled') && n !== name);
    await Promise.all(stale.map((n) => rm(join(dir, n), { force: true })));
    return true;
  } catch {
    await rm(temporary, { force: true }).catch(() => undefined);
    return false;
  }
}

function versionOf(resources: readonly { readonly facts: Omit<ResourceEntry, 'resource' | 'json'> }[], url: string): string | null {
  return resources.find((r) => r.facts.resourceType === 'StructureDefinition' && r.facts.url === url)?.facts.version ?? null;
}
