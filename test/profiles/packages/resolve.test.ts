import { expect } from 'chai';
import { cp, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CanonicalIndex } from '../../../profiles/canonical-index.js';
import type { FhirPackage } from '../../../profiles/packages/package-folder.js';
import { readPackageExamples, readPackageFolder } from '../../../profiles/packages/package-folder.js';
import { resolvePackages } from '../../../profiles/packages/resolve.js';
import { UsageError } from '../../../runner/errors.js';
import { sharedPackageCache } from '../../support/paths.js';

describe('resolving FHIR packages from the cache', () => {
  let packages: FhirPackage[];

  before(async () => {
    packages = await resolvePackages(['fhir.r4.ukcore.stu2#2.0.2'], { cacheDir: sharedPackageCache });
  });

  it('loads UK Core and, transitively, R4 core', () => {
    expect(packages.map((p) => `${p.id}#${p.version}`)).to.deep.equal([
      'fhir.r4.ukcore.stu2#2.0.2',
      'hl7.fhir.r4.core#4.0.1',
    ]);
    expect(packages[0]?.dependencies).to.deep.equal([{ id: 'hl7.fhir.r4.core', version: '4.0.1' }]);
  });

  it('indexes every conformance resource of the package and none of its examples', () => {
    const ukCore = packages[0];
    const byType = new Map<string, number>();
    for (const resource of ukCore?.resources ?? []) byType.set(resource.resourceType, (byType.get(resource.resourceType) ?? 0) + 1);
    expect(Object.fromEntries(byType)).to.deep.equal({ CapabilityStatement: 1, CodeSystem: 49, StructureDefinition: 78, ValueSet: 70 });
  });

  it('reads the 140 UK Core examples on demand', async () => {
    const examples = await readPackageExamples(packages[0] as FhirPackage);
    expect(examples).to.have.length(140);
    expect(examples[0]?.resource.resourceType).to.equal('AllergyIntolerance');
  });

  it('gives each package a sha256 that does not depend on where it was loaded from', async () => {
    const copy = await mkdtemp(join(tmpdir(), 'assay-pkg-'));
    try {
      await cp(join(sharedPackageCache, 'fhir.r4.ukcore.stu2#2.0.2'), join(copy, 'ukcore'), { recursive: true });
      const fromCopy = await readPackageFolder(join(copy, 'ukcore'));
      expect(fromCopy.sha256).to.match(/^[0-9a-f]{64}$/).and.equal(packages[0]?.sha256);
      await writeFile(join(copy, 'ukcore', 'package', 'examples', 'extra.json'), '{}');
      expect((await readPackageFolder(join(copy, 'ukcore'))).sha256).not.to.equal(packages[0]?.sha256);
    } finally {
      await rm(copy, { recursive: true, force: true });
    }
  });

  it('names the package and the cache when a package is missing', async () => {
    const error = await resolvePackages(['uk.nhsdigital.r4#2.8.0'], { cacheDir: sharedPackageCache }).catch((e: unknown) => e);
    expect(error).to.be.instanceOf(UsageError);
    expect((error as UsageError).line).to.equal(
      `FHIR package uk.nhsdigital.r4#2.8.0 is not in the package cache ${sharedPackageCache}; ` +
        'install it there, give --package-cache DIR (or ASSAY_PACKAGE_CACHE), or pass the package folder or .tgz with --package',
    );
  });

  it('refuses a reference that is not id#version', async () => {
    const error = await resolvePackages(['ukcore'], { cacheDir: sharedPackageCache }).catch((e: unknown) => e);
    expect((error as UsageError).message).to.equal('"ukcore" is not a FHIR package reference');
  });
});

describe('the canonical index', () => {
  const profile = (version: string) => ({
    resourceType: 'StructureDefinition',
    url: 'https://example.org/StructureDefinition/P',
    version,
  });
  const index = new CanonicalIndex([profile('1.2.0'), profile('1.10.0'), profile('1.10.0-ballot')]);

  it('resolves a bare url to the newest loaded version', () => {
    expect(index.resolve('https://example.org/StructureDefinition/P')?.version).to.equal('1.10.0');
  });

  it('resolves url|version exactly', () => {
    expect(index.resolve('https://example.org/StructureDefinition/P|1.2.0')?.version).to.equal('1.2.0');
  });

  it('never resolves a pinned version that is not loaded to another version', () => {
    expect(index.resolve('https://example.org/StructureDefinition/P|1.3.0')).to.equal(undefined);
  });
});
