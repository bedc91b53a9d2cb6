import { expect } from 'chai';
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { scanPackageFolder } from '../../../profiles/packages/package-folder.js';
import { httpRegistry } from '../../../profiles/packages/registry.js';
import { scanPackages } from '../../../profiles/packages/resolve.js';
import { UsageError } from '../../../runner/errors.js';
import type { Registry } from '../../support/package-fixtures.js';
import { cacheWithR4Core, closedPort, loopbackRegistry, scratch, tarballOf } from '../../support/package-fixtures.js';
import { sharedPackageCache } from '../../support/paths.js';

describe('downloading FHIR packages from a registry', () => {
  let work: { dir: string; remove: () => Promise<void> };
  let registry: Registry;
  let ukCoreSha256: string;

  before(async () => {
    work = await scratch('registry');
    const tarball = await readFile(await tarballOf('fhir.r4.ukcore.stu2#2.0.2', work.dir));
    registry = await loopbackRegistry(
      {
        'fhir.r4.ukcore.stu2#2.0.2': tarball,
        'fhir.r4.ukcore.stu2#2.0.1-pre': tarball,
        'example.liar#1.0.0': tarball,
        'example.garbage#1.0.0': Buffer.from('<html>Service Unavailable</html>'),
      },
      { 'fhir.r4.ukcore.stu2': '2.0.2' },
    );
    ukCoreSha256 = (await scanPackageFolder(join(sharedPackageCache, 'fhir.r4.ukcore.stu2#2.0.2'))).sha256;
  });

  after(async () => {
    await registry.close();
    await work.remove();
  });

  const freshCache = async (name: string) => cacheWithR4Core(join(work.dir, name));

  it('downloads a package the cache lacks into the cache, atomically, with the same sha256 as the original', async () => {
    const cacheDir = await freshCache('exact');
    const [ukCore, r4] = await scanPackages(['fhir.r4.ukcore.stu2#2.0.2'], { cacheDir, registry: httpRegistry(registry.url) });
    expect(ukCore).to.include({ id: 'fhir.r4.ukcore.stu2', version: '2.0.2', sha256: ukCoreSha256, source: join(cacheDir, 'fhir.r4.ukcore.stu2#2.0.2') });
    expect(r4?.id).to.equal('hl7.fhir.r4.core');
    expect((await readdir(cacheDir)).sort()).to.deep.equal(['fhir.r4.ukcore.stu2#2.0.2', 'hl7.fhir.r4.core#4.0.1']);
    expect((await scanPackageFolder(join(cacheDir, 'fhir.r4.ukcore.stu2#2.0.2'))).sha256).to.equal(ukCoreSha256);
    expect(registry.requests).to.include('/fhir.r4.ukcore.stu2/2.0.2');
  });

  it('takes it from the cache the second time, without asking the registry', async () => {
    const cacheDir = await freshCache('twice');
    await scanPackages(['fhir.r4.ukcore.stu2#2.0.2'], { cacheDir, registry: httpRegistry(registry.url) });
    const before = registry.requests.length;
    await scanPackages(['fhir.r4.ukcore.stu2#2.0.2'], { cacheDir, registry: httpRegistry(registry.url) });
    expect(registry.requests.length).to.equal(before);
  });

  it('resolves "latest" and wildcards from the registry listing, skipping pre-releases', async () => {
    for (const version of ['latest', '2.0.x', '2.x']) {
      const cacheDir = await freshCache(`wildcard-${version}`);
      const [ukCore] = await scanPackages([`fhir.r4.ukcore.stu2#${version}`], { cacheDir, registry: httpRegistry(registry.url) });
      expect(ukCore?.version, version).to.equal('2.0.2');
    }
  });

  it('satisfies a wildcard from the cache when it can', async () => {
    const [r4] = await scanPackages(['hl7.fhir.r4.core#4.0.x'], { cacheDir: sharedPackageCache });
    expect(r4?.version).to.equal('4.0.1');
  });

  it('names the package, the registry and the cache when the registry cannot be reached', async () => {
    const cacheDir = await freshCache('unreachable');
    const url = await closedPort();
    const error = await scanPackages(['fhir.r4.ukcore.stu2#2.0.2'], { cacheDir, registry: httpRegistry(url) }).catch((e: unknown) => e);
    expect(error).to.be.instanceOf(UsageError);
    expect((error as UsageError).line).to.equal(
      `FHIR package fhir.r4.ukcore.stu2#2.0.2 is not in the package cache ${cacheDir} and the registry ${url} cannot be reached (ECONNREFUSED); ` +
        'connect to the network, or install it into the cache (give --package-cache DIR or ASSAY_PACKAGE_CACHE), or pass the package folder or .tgz with --package',
    );
    expect(await readdir(cacheDir)).to.deep.equal(['hl7.fhir.r4.core#4.0.1']);
  });

  it('downloads nothing when offline, and says so', async () => {
    const cacheDir = await freshCache('offline');
    const error = await scanPackages(['fhir.r4.ukcore.stu2#2.0.2'], { cacheDir, registry: httpRegistry(registry.url), offline: true }).catch((e: unknown) => e);
    expect((error as UsageError).message).to.equal(
      `FHIR package fhir.r4.ukcore.stu2#2.0.2 is not in the package cache ${cacheDir} and Assay is offline, so it was not downloaded from ${registry.url}`,
    );
  });

  it('names a package or version the registry does not have', async () => {
    const cacheDir = await freshCache('missing');
    const unknown = await scanPackages(['uk.nhsdigital.r4#2.8.0'], { cacheDir, registry: httpRegistry(registry.url) }).catch((e: unknown) => e);
    expect((unknown as UsageError).line).to.equal(
      `the FHIR package registry ${registry.url} has no package uk.nhsdigital.r4#2.8.0; check the package id and version (and --registry)`,
    );
    const noMatch = await scanPackages(['fhir.r4.ukcore.stu2#3.x'], { cacheDir, registry: httpRegistry(registry.url) }).catch((e: unknown) => e);
    expect((noMatch as UsageError).message).to.equal(
      `the FHIR package registry ${registry.url} has no version of fhir.r4.ukcore.stu2 matching 3.x (it lists 2.0.2, 2.0.1-pre)`,
    );
  });

  it('refuses a tarball that is another package than the one asked for, and installs nothing', async () => {
    const cacheDir = await freshCache('liar');
    const error = await scanPackages(['example.liar#1.0.0'], { cacheDir, registry: httpRegistry(registry.url) }).catch((e: unknown) => e);
    expect((error as UsageError).message).to.equal(`the FHIR package registry ${registry.url} sent fhir.r4.ukcore.stu2#2.0.2 when asked for example.liar#1.0.0`);
    expect(await readdir(cacheDir)).to.deep.equal(['hl7.fhir.r4.core#4.0.1']);
  });

  it('refuses a download that is not a package at all, naming the registry and the URL', async () => {
    const cacheDir = await freshCache('garbage');
    const error = await scanPackages(['example.garbage#1.0.0'], { cacheDir, registry: httpRegistry(registry.url) }).catch((e: unknown) => e);
    expect((error as UsageError).line).to.equal(
      `the FHIR package registry ${registry.url} sent something that is not a FHIR package for example.garbage#1.0.0 ` +
        `(${registry.url}/example.garbage/1.0.0); try again later or use another --registry`,
    );
    expect(await readdir(cacheDir)).to.deep.equal(['hl7.fhir.r4.core#4.0.1']);
  });

  it('says which cache cannot be written', async () => {
    const error = await scanPackages(['fhir.r4.ukcore.stu2#2.0.2'], {
      cacheDir: join(sharedPackageCache, 'hl7.fhir.r4.core#4.0.1', 'package', 'package.json', 'not-a-folder'),
      registry: httpRegistry(registry.url),
    }).catch((e: unknown) => e);
    expect((error as UsageError).message).to.match(/^cannot install FHIR package fhir\.r4\.ukcore\.stu2#2\.0\.2 into the package cache .*not-a-folder \(/);
  });
});
