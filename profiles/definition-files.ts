import { readdir, readFile, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { UsageError } from '../runner/errors.js';
import type { ConformanceResource } from './types.js';

/**
 * Conformance resources from files and folders (--definitions, --profile FILE): each JSON file holds a
 * resource or a Bundle of them; a folder contributes every JSON file in it, recursively. Anything unreadable
 * or malformed is a usage error naming the file.
 */
export async function readDefinitionFiles(paths: readonly string[]): Promise<ConformanceResource[]> {
  const resources: ConformanceResource[] = [];
  for (const path of paths) {
    const info = await stat(path).catch(() => undefined);
    if (info === undefined) {
      throw new UsageError(`${path} does not exist`, { fix: 'give --definitions a folder or JSON file of conformance resources' });
    }
    const files = info.isDirectory() ? await jsonFiles(path) : [path];
    for (const file of files) resources.push(...(await readDefinitionFile(file)));
  }
  return resources;
}

/** One JSON file of conformance resources (a resource, or a Bundle whose entries are resources). */
export async function readDefinitionFile(file: string): Promise<ConformanceResource[]> {
  const parsed = await readJsonFile(file, 'a conformance resource (StructureDefinition, ValueSet, CodeSystem, …) or a Bundle of them');
  if (typeof parsed !== 'object' || parsed === null || typeof (parsed as { resourceType?: unknown }).resourceType !== 'string') {
    throw new UsageError(`${file} is not a FHIR resource (it has no resourceType)`, { fix: 'give a conformance resource or a Bundle of them' });
  }
  const resource = parsed as ConformanceResource;
  if (resource.resourceType !== 'Bundle') return [resource];
  const entries = Array.isArray(resource.entry) ? (resource.entry as { resource?: unknown }[]) : [];
  return entries.map((e) => e.resource).filter((r): r is ConformanceResource => typeof r === 'object' && r !== null && 'resourceType' in r);
}

/** Reads and parses a JSON file; unreadable or malformed is a usage error naming the file and what it should be. */
export async function readJsonFile(file: string, shouldBe: string): Promise<unknown> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    throw new UsageError(`cannot read ${file} (${(error as NodeJS.ErrnoException).code ?? (error as Error).message})`, { fix: 'check the path and its permissions' });
  }
  try {
    return JSON.parse(text);
  } catch (error) {
    throw new UsageError(`${file} is not valid JSON (${(error as Error).message})`, { fix: `repair it: it must be ${shouldBe}` });
  }
}

async function jsonFiles(dir: string): Promise<string[]> {
  const files: string[] = [];
  for (const entry of await readdir(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) files.push(...(await jsonFiles(path)));
    else if (entry.isFile() && entry.name.endsWith('.json') && !entry.name.startsWith('.')) files.push(path);
  }
  return files.sort();
}
