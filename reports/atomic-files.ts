import { randomBytes } from 'node:crypto';
import { rename, rm, stat, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { UsageError } from '../runner/errors.js';
import { makeDirectory } from '../runner/make-directory.js';

export interface OutputFile {
  readonly path: string;
  readonly data: string;
  /** File mode, e.g. 0o600 for a private key. */
  readonly mode?: number;
}

/** What the file system answers for a place that cannot be written: the user's output path, not a bug. */
const unwritable = new Set(['EACCES', 'EPERM', 'EROFS', 'ENOTDIR', 'EISDIR', 'ENOSPC', 'ENOENT', 'EEXIST']);

/**
 * Writes files so that none is ever seen half-written: each goes to a temporary name beside its target
 * and is renamed into place only once every one of them was written.
 */
export async function writeFilesAtomically(files: readonly OutputFile[]): Promise<void> {
  const staged: { temp: string; path: string }[] = [];
  try {
    for (const file of files) {
      await makeDirectory(dirname(file.path));
      const temp = `${file.path}.${randomBytes(6).toString('hex')}.tmp`;
      staged.push({ temp, path: file.path });
      await writeFile(temp, file.data, { mode: file.mode ?? 0o644, flag: 'wx' });
    }
    for (const { temp, path } of staged) await rename(temp, path);
  } catch (error) {
    await Promise.all(staged.map(({ temp }) => rm(temp, { force: true })));
    const code = (error as NodeJS.ErrnoException).code;
    if (code !== undefined && unwritable.has(code)) {
      throw new UsageError(`cannot write ${staged.at(-1)?.path ?? files[0]?.path ?? 'the output'} (${code})`, { fix: 'choose another output path' });
    }
    throw error;
  }
}

/**
 * Checks, before a long run, that its output folder can be written, leaving no trace: the folder and a probe
 * file are made and removed again (the folders made, if it did not exist). Found only when the run ends,
 * an unwritable --out would lose the whole run.
 */
export async function checkWritableFolder(dir: string, flag: string): Promise<void> {
  const firstMissing = await firstMissingFolder(dir);
  const probe = join(dir, `.assay-probe-${randomBytes(6).toString('hex')}`);
  try {
    await makeDirectory(dir);
    await writeFile(probe, '', { flag: 'wx' });
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code ?? String(error);
    throw new UsageError(`${flag} ${dir} cannot be written (${code})`, { fix: `choose another ${flag} folder` });
  } finally {
    await rm(probe, { force: true }).catch(() => undefined);
    if (firstMissing !== undefined) await rm(firstMissing, { recursive: true, force: true }).catch(() => undefined);
  }
}

/** The outermost folder of `dir` that does not exist yet (what making it would create), or undefined. */
async function firstMissingFolder(dir: string): Promise<string | undefined> {
  let missing: string | undefined;
  for (let path = dir; ; path = dirname(path)) {
    const exists = await stat(path).then(
      () => true,
      (error: NodeJS.ErrnoException) => error.code !== 'ENOENT',
    );
    if (exists) return missing;
    missing = path;
    if (dirname(path) === path) return missing;
  }
}
