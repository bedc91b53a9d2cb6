import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * The folder holding Assay's own package.json. Found by walking up from this file so that the same
 * code works from the sources (runner/) and from the build (dist/runner/), and assets shipped beside
 * the code (schemas, requirements.json) are found the same way.
 */
export const packageRoot: string = findPackageRoot(dirname(fileURLToPath(import.meta.url)));

function findPackageRoot(start: string): string {
  for (let dir = start; ; dir = dirname(dir)) {
    const candidate = join(dir, 'package.json');
    if (existsSync(candidate) && readPackageName(candidate) === 'assay') return dir;
    if (dirname(dir) === dir) throw new Error(`Assay's package.json not found above ${start}`);
  }
}

function readPackageName(file: string): unknown {
  const parsed: unknown = JSON.parse(readFileSync(file, 'utf8'));
  return typeof parsed === 'object' && parsed !== null && 'name' in parsed ? parsed.name : undefined;
}

/** Assay's own version, as published. */
export function assayVersion(): string {
  const parsed = JSON.parse(readFileSync(join(packageRoot, 'package.json'), 'utf8')) as { version: string };
  return parsed.version;
}
