import { expect } from 'chai';
import { readdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { AssayResult } from '../../../support/assay-binary.js';
import { runAssay } from '../../../support/assay-binary.js';
import type { Registry } from '../../../support/package-fixtures.js';
import { cacheWithR4Core, closedPort, loopbackRegistry, scratch, tarballOf, writePackage } from '../../../support/package-fixtures.js';
import { sharedPackageCache } from '../../../support/paths.js';

const ukCoreSha256 = 'a79e1d375c8988145fa6c0d162c7ebaf0055aa188932fd9a7fd019c6b5a7391b';

/** One line on stderr, exit 2, no stack trace. */
function expectUsageError(result: AssayResult, line: string | RegExp): void {
  expect(result.code, result.stderr).to.equal(2);
  expect(result.stdout).to.equal('');
  expect(result.stderr.split('\n').filter((l) => l !== '')).to.have.length(1);
  expect(result.stderr).not.to.match(/\n\s+at /);
  if (typeof line === 'string') expect(result.stderr).to.equal(`assay: ${line}\n`);
  else expect(result.stderr).to.match(line);
}

describe('assay packages', function () {
  this.timeout(60_000);
  let work: { dir: string; remove: () => Promise<void> };
  let env: Record<string, string>;
  let tarball: string;
  let registry: Registry;

  before(async () => {
    work = await scratch('cli-packages');
    env = { ASSAY_COMPILED_CACHE: join(work.dir, 'compiled'), ASSAY_PACKAGE_CACHE: sharedPackageCache, ASSAY_OFFLINE: '1' };
    tarball = await tarballOf('fhir.r4.ukcore.stu2#2.0.2', work.dir);
    registry = await loopbackRegistry({ 'fhir.r4.ukcore.stu2#2.0.2': await readFile(tarball) });
  });
  after(async () => {
    await registry.close();
    await work.remove();
  });

  it('lists the packages in the cache', async () => {
    const result = await runAssay(['packages', 'list'], { env });
    expect(result).to.deep.equal({
      code: 0,
      stderr: '',
      stdout:
        'fhir.r4.ukcore.stu2#2.0.2  FHIR 4.0.1  https://fhir.hl7.org.uk\n' +
        'hl7.fhir.r4.core#4.0.1     FHIR 4.0.1  http://hl7.org/fhir\n' +
        `2 packages in ${sharedPackageCache}\n`,
    });
  });

  it('shows what a package holds, its hash and its dependencies', async () => {
    const result = await runAssay(['packages', 'info', 'fhir.r4.ukcore.stu2#2.0.2'], { env });
    expect(result.code, result.stderr).to.equal(0);
    expect(result.stdout).to.contain(
      [
        'fhir.r4.ukcore.stu2#2.0.2',
        `  sha256        ${ukCoreSha256}`,
        `  source        ${join(sharedPackageCache, 'fhir.r4.ukcore.stu2#2.0.2')}`,
        '  canonical     https://fhir.hl7.org.uk',
        '  FHIR          4.0.1',
        '  depends on    hl7.fhir.r4.core#4.0.1',
        '  resources     CapabilityStatement 1, CodeSystem 49, StructureDefinition 78, ValueSet 70',
        '  snapshots     every StructureDefinition has one',
      ].join('\n'),
    );
    expect(result.stdout).to.contain('\nhl7.fhir.r4.core#4.0.1\n');
  });

  it('installs a .tgz into the cache, and finds it there the second time', async () => {
    const cache = await cacheWithR4Core(join(work.dir, 'install-tgz'));
    const first = await runAssay(['packages', 'install', tarball, '--package-cache', cache], { env });
    expect(first.code, first.stderr).to.equal(0);
    expect(first.stdout).to.equal(
      `fhir.r4.ukcore.stu2#2.0.2  installed  sha256 ${ukCoreSha256}\n` +
        'hl7.fhir.r4.core#4.0.1  in the cache  sha256 3f01e5e780416c6f1d1ad6cc326f976299a5cc684d6134b4a4e4ff3573262927\n' +
        `package cache: ${cache}\n`,
    );
    expect((await readdir(join(cache, 'fhir.r4.ukcore.stu2#2.0.2', 'package', 'examples'))).length).to.equal(140);
    const second = await runAssay(['packages', 'install', 'fhir.r4.ukcore.stu2#2.0.2', '--package-cache', cache], { env });
    expect(second.stdout).to.contain(`fhir.r4.ukcore.stu2#2.0.2  in the cache  sha256 ${ukCoreSha256}\n`);
  });

  it('downloads from the registry given with --registry', async () => {
    const cache = await cacheWithR4Core(join(work.dir, 'install-registry'));
    const result = await runAssay(['packages', 'install', 'fhir.r4.ukcore.stu2#latest', '--package-cache', cache, '--registry', registry.url], {
      env: { ...env, ASSAY_OFFLINE: '' },
    });
    expect(result.code, result.stderr).to.equal(0);
    expect(result.stdout).to.contain(`fhir.r4.ukcore.stu2#2.0.2  in the cache  sha256 ${ukCoreSha256}\n`);
    expect(await readdir(cache)).to.include('fhir.r4.ukcore.stu2#2.0.2');
  });

  describe('bad input: one message naming the thing and the fix, exit 2, nothing written', () => {
    it('a registry that cannot be reached', async () => {
      const cache = await cacheWithR4Core(join(work.dir, 'unreachable'));
      const url = await closedPort();
      const result = await runAssay(['packages', 'install', 'fhir.r4.ukcore.stu2#2.0.2', '--package-cache', cache, '--registry', url], {
        env: { ...env, ASSAY_OFFLINE: '' },
      });
      expectUsageError(
        result,
        `FHIR package fhir.r4.ukcore.stu2#2.0.2 is not in the package cache ${cache} and the registry ${url} cannot be reached (ECONNREFUSED); ` +
          'connect to the network, or install it into the cache (give --package-cache DIR or ASSAY_PACKAGE_CACHE), or pass the package folder or .tgz with --package',
      );
      expect(await readdir(cache)).to.deep.equal(['hl7.fhir.r4.core#4.0.1']);
    });

    it('a malformed resource in a package', async () => {
      const folder = await writePackage(join(work.dir, 'malformed'), { name: 'example.malformed', version: '0.1.0' }, { 'ValueSet-x.json': '{"resourceType": "ValueSet",' });
      expectUsageError(
        await runAssay(['packages', 'info', folder], { env }),
        /^assay: .*malformed\/package\/ValueSet-x\.json is not valid JSON \(.*\); repair or remove the file; a FHIR package holds JSON resources\n$/,
      );
    });

    it('a malformed package manifest', async () => {
      const folder = join(work.dir, 'bad-manifest');
      await writePackage(folder, { name: 'x', version: '1' }, {});
      await writeFile(join(folder, 'package', 'package.json'), '{ name: x }');
      expectUsageError(await runAssay(['packages', 'info', folder], { env }), /^assay: .*bad-manifest \(package\/package\.json\) is not valid JSON \(.*\); repair the package manifest\n$/);
    });

    it('a StructureDefinition with a broken differential', async () => {
      const cache = await cacheWithR4Core(join(work.dir, 'broken-install'));
      const folder = await writePackage(join(work.dir, 'broken'), { name: 'example.broken', version: '0.1.0' }, {
        'StructureDefinition-bad.json': {
          resourceType: 'StructureDefinition',
          url: 'https://example.org/fhir/StructureDefinition/bad',
          name: 'Bad',
          status: 'draft',
          kind: 'resource',
          abstract: false,
          type: 'Patient',
          baseDefinition: 'http://hl7.org/fhir/StructureDefinition/Patient',
          derivation: 'constraint',
          differential: { element: [{ id: 'Patient.identifier:mrn', path: 'Patient.identifier', sliceName: 'mrn' }] },
        },
      });
      expectUsageError(
        await runAssay(['packages', 'install', folder, '--package-cache', cache], { env }),
        'StructureDefinition https://example.org/fhir/StructureDefinition/bad: differential element Patient.identifier:mrn is a slice, ' +
          'but Patient.identifier is not sliced; declare the slicing (discriminator and rules) on Patient.identifier in the differential; nothing was installed',
      );
      expect(await readdir(cache)).to.deep.equal(['hl7.fhir.r4.core#4.0.1']);
    });

    it('a missing dependency', async () => {
      const folder = await writePackage(join(work.dir, 'needs'), { name: 'example.needs', version: '0.1.0', dependencies: { 'example.missing': '1.0.0' } }, {});
      expectUsageError(
        await runAssay(['packages', 'info', folder], { env }),
        `FHIR package example.missing#1.0.0 (a dependency of example.needs#0.1.0) is not in the package cache ${sharedPackageCache} ` +
          'and Assay is offline, so it was not downloaded from https://packages.fhir.org; ' +
          'install it there, give --package-cache DIR (or ASSAY_PACKAGE_CACHE), or pass the package folder or .tgz with --package',
      );
    });

    it('a .tgz that is not a package', async () => {
      const file = join(work.dir, 'notes.tgz');
      await writeFile(file, 'meeting notes');
      expectUsageError(
        await runAssay(['packages', 'install', file], { env }),
        `${file} is not a FHIR package (it is not a gzip-compressed tar archive); ` +
          'give a FHIR package tarball (a gzip-compressed tar of package/package.json and its resources), a package folder, or id#version',
      );
    });

    it('a pinned version that is not loaded', async () => {
      expectUsageError(
        await runAssay(['packages', 'info', 'hl7.fhir.r4.core#4.0.2'], { env }),
        `FHIR package hl7.fhir.r4.core#4.0.2 is not in the package cache ${sharedPackageCache} and Assay is offline, so it was not downloaded from https://packages.fhir.org; ` +
          'install it there, give --package-cache DIR (or ASSAY_PACKAGE_CACHE), or pass the package folder or .tgz with --package',
      );
    });

    it('a registry that is not a URL, a missing or unknown action', async () => {
      expectUsageError(
        await runAssay(['packages', 'info', 'x#1', '--registry', 'packages.fhir.org'], { env }),
        'the package registry "packages.fhir.org" is not an http(s) URL; give --registry (or ASSAY_PACKAGE_REGISTRY) as e.g. https://packages.fhir.org',
      );
      expectUsageError(await runAssay(['packages'], { env }), '"assay packages" needs an action: list, install or info; see "assay packages --help"');
      expectUsageError(await runAssay(['packages', 'remove', 'x#1'], { env }), 'unknown action "remove" for "assay packages"; use list, install or info; see "assay packages --help"');
      expectUsageError(await runAssay(['packages', 'install'], { env }), '"assay packages install" needs at least one package; e.g. "assay packages install fhir.r4.ukcore.stu2#2.0.2"');
    });
  });
});
