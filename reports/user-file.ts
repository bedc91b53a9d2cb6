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

/** Parses JSON text, naming the file and saying whether it was cut short or is corrupted. */
export function parseJsonFile(text: string, what: string, fix: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    const position = Number(/at position (\d+)/.exec(reason)?.[1] ?? Number.NaN);
    const end = text.trimEnd().length;
    if (/end of (JSON )?input|Unterminated/i.test(reason) || position >= end) {
      throw new UsageError(`${what} is truncated (its JSON stops unfinished after ${end} characters)`, { fix });
    }
    throw new UsageError(`${what} is not valid JSON (${reason})`, { fix });
  }
}
