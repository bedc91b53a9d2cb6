import { readFile } from 'node:fs/promises';
import { UsageError } from '../runner/errors.js';

/** Reads a file the user named; a missing or unreadable one is one UsageError naming what it should be. */
export async function readUserFile(file: string, what: string, fix: string): Promise<string> {
  try {
    return await readFile(file, 'utf8');
  } catch (error) {
    throw new UsageError(`cannot read ${what} ${file} (${(error as NodeJS.ErrnoException).code ?? String(error)})`, { fix });
  }
}
