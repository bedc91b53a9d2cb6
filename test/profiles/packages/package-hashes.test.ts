import { expect } from 'chai';
import { readFile, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { scanPackageFolder } from '../../../profiles/packages/package-folder.js';
import { statSignature, storedPackageHashes } from '../../../profiles/packages/package-hashes.js';
import { scratch, writePackage } from '../../support/package-fixtures.js';

describe('remembered package hashes', () => {
  let work: { dir: string; remove: () => Promise<void> };
  let folder: string;

  before(async () => {
    work = await scratch('hashes');
    folder = await writePackage(join(work.dir, 'pkg'), { name: 'example.hashes', version: '1.0.0' }, { 'ValueSet-a.json': { resourceType: 'ValueSet', url: 'https://example.org/a' } });
  });
  after(() => work.remove());

  it('reuses the hash of a package whose files did not change, without reading them', async () => {
    const hashes = await storedPackageHashes(join(work.dir, 'compiled-1'));
    const first = await scanPackageFolder(folder, hashes);
    const signature = statSignature(join(folder, 'package'));
    const source = resolve(folder);
    // what was remembered is what the second scan trusts: a planted hash proves the files were not re-read
    hashes.remember(source, signature, 'f'.repeat(64), await readFile(join(folder, 'package', 'package.json')));
    const second = await scanPackageFolder(folder, hashes);
    expect(second).to.include({ id: 'example.hashes', version: '1.0.0', sha256: 'f'.repeat(64) });
    expect(first.sha256).to.match(/^[0-9a-f]{64}$/).and.not.equal('f'.repeat(64));
    expect((await second.conformanceFiles()).map((f) => f.relative)).to.deep.equal(['ValueSet-a.json']);
  });

  it('hashes a package again once a file is rewritten, even with the same size', async () => {
    const hashes = await storedPackageHashes(join(work.dir, 'compiled-2'));
    const before = await scanPackageFolder(folder, hashes);
    await writeFile(join(folder, 'package', 'ValueSet-a.json'), JSON.stringify({ resourceType: 'ValueSet', url: 'https://example.org/b' }));
    const after = await scanPackageFolder(folder, hashes);
    expect(after.sha256).not.to.equal(before.sha256);
    expect(after.sha256).to.equal((await scanPackageFolder(folder)).sha256);
  });

  it('keeps what it learnt between runs, and treats an unreadable store as empty', async () => {
    const dir = join(work.dir, 'compiled-3');
    const hashes = await storedPackageHashes(dir);
    const scanned = await scanPackageFolder(folder, hashes);
    await hashes.save();
    const reloaded = await storedPackageHashes(dir);
    expect(reloaded.known(resolve(folder), statSignature(join(folder, 'package')))?.sha256).to.equal(scanned.sha256);
    await writeFile(join(dir, 'package-hashes.json'), '{ not json');
    expect((await storedPackageHashes(dir)).known(resolve(folder), statSignature(join(folder, 'package')))).to.equal(undefined);
  });
});
