import { randomBytes } from 'node:crypto';
import { mkdir, rename, rm, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import { UsageError } from '../runner/errors.js';

export interface OutputFile {
  readonly path: string;
  readonly data: string;
  /** File mode, e.g. 0o600 for a private key. */
  readonly mode?: number;
}

/**
 * Writes files so that none is ever seen half-written: each goes to a temporary name beside its target
 * and is renamed into place only once every one of them was written.
 */
export async function writeFilesAtomically(files: readonly OutputFile[]): Promise<void> {
  const staged: { temp: string; path: string }[] = [];
  try {
    for (const file of files) {
      await mkdir(dirname(file.path), { recursive: true });
      const temp = `${file.path}.${randomBytes(6).toString('hex')}.tmp`;
      staged.push({ temp, path: file.path });
      await writeFile(temp, file.data, { mode: file.mode ?? 0o644, flag: 'wx' });
    }
    for (const { temp, path } of staged) await rename(temp, path);
  } catch (error) {
    await Promise.all(staged.map(({ temp }) => rm(temp, { force: true })));
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'EACCES' || code === 'EROFS' || code === 'ENOTDIR' || code === 'EISDIR' || code === 'ENOSPC') {
      throw new UsageError(`cannot write ${staged.at(-1)?.path ?? 'the output'} (${code})`, { fix: 'choose another output path' });
    }
    throw error;
  }
}
