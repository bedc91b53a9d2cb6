import { expect } from 'chai';
import { mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { makeDirectory } from '../../runner/make-directory.js';

describe('makeDirectory', () => {
  let dir: string;
  beforeEach(() => (dir = mkdtempSync(join(tmpdir(), 'assay-mkdir-'))));
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('makes every missing folder of a path, and accepts one that exists', async () => {
    const nested = join(dir, 'a', 'b', 'c');
    await makeDirectory(nested);
    expect(statSync(nested).isDirectory()).to.equal(true);
    await makeDirectory(nested);
    await makeDirectory(dir);
  });

  it('refuses a path through a file, with the error mkdir gives', async () => {
    writeFileSync(join(dir, 'file'), 'x');
    const failure = await makeDirectory(join(dir, 'file', 'sub')).then(
      () => undefined,
      (error: NodeJS.ErrnoException) => error.code,
    );
    expect(failure).to.equal('ENOTDIR');
    const onFile = await makeDirectory(join(dir, 'file')).then(
      () => undefined,
      (error: NodeJS.ErrnoException) => error.code,
    );
    expect(onFile).to.equal('EEXIST');
  });

  // Node's recursive mkdir spins for ever here (the kernel answers ENOENT though /proc exists).
  (process.platform === 'linux' ? it : it.skip)('ends with ENOENT under /proc instead of retrying for ever', async () => {
    const failure = await makeDirectory('/proc/assay-no-such-folder/x').then(
      () => undefined,
      (error: NodeJS.ErrnoException) => error.code,
    );
    expect(failure).to.equal('ENOENT');
  });
});
