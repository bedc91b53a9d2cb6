import { expect } from 'chai';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { create } from 'tar';
import { parsePackage } from '../../../profiles/packages/package-content.js';
import { readPackageExamples, scanPackageFolder } from '../../../profiles/packages/package-folder.js';
import { scanPackages } from '../../../profiles/packages/resolve.js';
import { UsageError } from '../../../runner/errors.js';
import { scratch, tarballOf, writePackage } from '../../support/package-fixtures.js';
import { sharedPackageCache } from '../../support/paths.js';

describe('loading a FHIR package from a .tgz', () => {
  let work: { dir: string; remove: () => Promise<void> };
  let tarball: string;

  before(async () => {
    work = await scratch('tarball');
    tarball = await tarballOf('fhir.r4.ukcore.stu2#2.0.2', work.dir);
  });
  after(() => work.remove());

  const failure = async (path: string) => {
    const error = await scanPackages([path], { cacheDir: sharedPackageCache }).catch((e: unknown) => e);
    expect(error).to.be.instanceOf(UsageError);
    return (error as UsageError).line;
  };

  it('reads it in memory, hashing it exactly like the same package in the cache, and loads its dependencies', async () => {
    const [fromTarball, r4] = await scanPackages([tarball], { cacheDir: sharedPackageCache });
    const fromCache = await scanPackageFolder(join(sharedPackageCache, 'fhir.r4.ukcore.stu2#2.0.2'));
    expect(fromTarball).to.include({ id: 'fhir.r4.ukcore.stu2', version: '2.0.2', sha256: fromCache.sha256, source: tarball });
    expect(r4?.id).to.equal('hl7.fhir.r4.core');
    const parsed = await parsePackage(fromTarball as NonNullable<typeof fromTarball>);
    expect(parsed.resources.filter((r) => r.resourceType === 'StructureDefinition')).to.have.length(78);
    expect(await readPackageExamples(parsed)).to.have.length(140);
  });

  it('refuses a file that is not a gzip-compressed tar, naming it', async () => {
    const file = join(work.dir, 'not-gzip.tgz');
    await writeFile(file, 'this is text, not a tarball');
    expect(await failure(file)).to.equal(
      `${file} is not a FHIR package (it is not a gzip-compressed tar archive); ` +
        'give a FHIR package tarball (a gzip-compressed tar of package/package.json and its resources), a package folder, or id#version',
    );
  });

  it('refuses a tarball with no package/ folder, or no package/package.json', async () => {
    const plain = await writePackage(join(work.dir, 'plain'), { name: 'x', version: '1' }, {});
    const noPackageFolder = join(work.dir, 'no-package-folder.tgz');
    await create({ gzip: true, file: noPackageFolder, cwd: join(plain, 'package') }, ['package.json']);
    expect(await failure(noPackageFolder)).to.match(/no-package-folder\.tgz is not a FHIR package \(it holds no package\/ folder\); give a FHIR package tarball/);

    const noManifest = join(work.dir, 'no-manifest.tgz');
    await writePackage(join(work.dir, 'no-manifest'), { name: 'x', version: '1' }, { 'ValueSet-x.json': { resourceType: 'ValueSet' } });
    await create({ gzip: true, file: noManifest, cwd: join(work.dir, 'no-manifest') }, ['package/ValueSet-x.json']);
    expect(await failure(noManifest)).to.equal(
      `${noManifest} is not a FHIR package: it has no package/package.json; give a package folder (with package/package.json), a FHIR package .tgz, or id#version from the cache`,
    );
  });

  it('names a path that does not exist', async () => {
    expect(await failure(join(work.dir, 'missing.tgz'))).to.equal(`FHIR package ${join(work.dir, 'missing.tgz')} does not exist; check the path given with --package`);
  });
});
