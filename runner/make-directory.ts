import { mkdir, stat } from 'node:fs/promises';
import { dirname } from 'node:path';

/**
 * `mkdir -p` that always ends. Node's own `mkdir(dir, { recursive: true })` retries for ever where the kernel
 * answers ENOENT for a directory whose parent exists (under /proc, for one), so an output path there would
 * hang the command. This makes each missing ancestor once, then the directory once, and otherwise throws
 * the error mkdir gave.
 */
export async function makeDirectory(dir: string): Promise<void> {
  try {
    await mkdir(dir);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'EEXIST' && (await isDirectory(dir))) return;
    const parent = dirname(dir);
    if (code !== 'ENOENT' || parent === dir) throw error;
    await makeDirectory(parent);
    await mkdir(dir).catch(async (again: unknown) => {
      if ((again as NodeJS.ErrnoException).code !== 'EEXIST' || !(await isDirectory(dir))) throw again;
    });
  }
}

async function isDirectory(path: string): Promise<boolean> {
  return stat(path).then(
    (s) => s.isDirectory(),
    () => false,
  );
}
