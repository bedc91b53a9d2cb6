import { expect } from 'chai';
import { readdir, readFile, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { loadDefinitions } from '../../../profiles/definitions.js';
import { SnapshotError } from '../../../profiles/snapshot/index.js';
import type { Definitions } from '../../../profiles/types.js';
import { scratch, writePackage } from '../../support/package-fixtures.js';
import { sharedPackageCache } from '../../support/paths.js';

const ukPatient = 'https://fhir.hl7.org.uk/StructureDefinition/UKCore-Patient';
const example = 'https://example.org/fhir/StructureDefinition/';

const profile = (id: string, path: string) => ({
  resourceType: 'StructureDefinition',
  id,
  url: `${example}${id}`,
  version: '0.1.0',
  name: id,
  status: 'draft',
  kind: 'resource',
  abstract: false,
  type: 'Patient',
  baseDefinition: 'http://hl7.org/fhir/StructureDefinition/Patient',
  derivation: 'constraint',
  differential: { element: [{ id: path, path, min: 1 }] },
});

describe('the compiled package cache', () => {
  let work: { dir: string; remove: () => Promise<void> };
  let compiledCache: string;
  let cold: Definitions;
  let warm: Definitions;

  const compiledFiles = async () => (await readdir(compiledCache)).filter((n) => n.endsWith('.compiled')).sort();
  const compiledFileOf = async (ref: string) => join(compiledCache, (await compiledFiles()).find((n) => n.startsWith(`${ref}.`)) as string);
  const load = (packages: string[]) => loadDefinitions({ packages, cacheDir: sharedPackageCache, compiledCache });
  const failure = (definitions: Definitions, url: string) => {
    try {
      definitions.structureDefinition(url);
    } catch (error) {
      expect(error).to.be.instanceOf(SnapshotError);
      return (error as SnapshotError).line;
    }
    throw new Error(`${url} has a snapshot`);
  };

  before(async () => {
    work = await scratch('compiled');
    compiledCache = join(work.dir, 'compiled');
    cold = await load(['fhir.r4.ukcore.stu2#2.0.2']);
    warm = await load(['fhir.r4.ukcore.stu2#2.0.2']);
  });
  after(() => work.remove());

  it('keeps one compiled file per package, named after it', async () => {
    expect(await compiledFiles()).to.have.length(2);
    expect((await compiledFiles()).map((n) => n.replace(/\.[0-9a-f]{32}\.compiled$/, ''))).to.deep.equal([
      'fhir.r4.ukcore.stu2#2.0.2',
      'hl7.fhir.r4.core#4.0.1',
    ]);
  });

  it('gives a warm start the same packages, resources and snapshots as the cold start', () => {
    expect(warm.packages).to.deep.equal(cold.packages);
    expect(warm.structureDefinition(ukPatient)).to.deep.equal(cold.structureDefinition(ukPatient));
    expect(warm.resolve('http://hl7.org/fhir/ValueSet/administrative-gender')).to.deep.equal(cold.resolve('http://hl7.org/fhir/ValueSet/administrative-gender'));
    expect([...warm.all('SearchParameter')]).to.have.length([...cold.all('SearchParameter')].length).and.to.have.length.greaterThan(1000);
  });

  it('ignores a corrupted entry and rebuilds it', async () => {
    const file = await compiledFileOf('fhir.r4.ukcore.stu2#2.0.2');
    const good = await readFile(file);
    const corrupted = Buffer.from(good);
    corrupted[corrupted.length - 10] = (corrupted[corrupted.length - 10] ?? 0) ^ 0xff;
    await writeFile(file, corrupted);
    const rebuilt = await load(['fhir.r4.ukcore.stu2#2.0.2']);
    expect(rebuilt.structureDefinition(ukPatient)).to.deep.equal(cold.structureDefinition(ukPatient));
    expect((await readFile(file)).equals(good)).to.equal(true);

    await writeFile(file, good.subarray(0, 1000));
    expect((await load(['fhir.r4.ukcore.stu2#2.0.2'])).structureDefinition(ukPatient)).to.deep.equal(cold.structureDefinition(ukPatient));
    expect((await stat(file)).size).to.equal(good.length);
  });

  it('compiles a package again when its content changes, replacing the old compilation', async () => {
    const folder = await writePackage(join(work.dir, 'changing'), { name: 'example.changing', version: '0.1.0' }, {
      'StructureDefinition-a.json': profile('a', 'Patient.gender'),
    });
    const first = await load([folder]);
    expect(first.structureDefinition(`${example}a`)?.snapshot?.element.find((e) => e.id === 'Patient.gender')?.min).to.equal(1);
    const before = await compiledFileOf('example.changing#0.1.0');
    await writeFile(join(folder, 'package', 'StructureDefinition-a.json'), JSON.stringify(profile('a', 'Patient.birthDate')));
    const second = await load([folder]);
    expect(second.structureDefinition(`${example}a`)?.snapshot?.element.find((e) => e.id === 'Patient.birthDate')?.min).to.equal(1);
    expect(second.packages[0]?.sha256).not.to.equal(first.packages[0]?.sha256);
    const after = await compiledFileOf('example.changing#0.1.0');
    expect(after).not.to.equal(before);
    expect((await compiledFiles()).filter((n) => n.startsWith('example.changing#'))).to.have.length(1);
  });

  it('keeps a broken profile broken on a warm start, with the same message', async () => {
    const folder = await writePackage(join(work.dir, 'broken'), { name: 'example.broken', version: '0.1.0' }, {
      'StructureDefinition-good.json': profile('good', 'Patient.gender'),
      'StructureDefinition-bad.json': profile('bad', 'Patient.shoeSize'),
    });
    const first = await load([folder]);
    const message = failure(first, `${example}bad`);
    expect(message).to.match(/^StructureDefinition https:\/\/example\.org\/fhir\/StructureDefinition\/bad: differential element Patient\.shoeSize names/);
    const second = await load([folder]);
    expect(failure(second, `${example}bad`)).to.equal(message);
    expect(second.structureDefinition(`${example}good`)?.snapshot?.element.length).to.be.greaterThan(10);
  });

  it('runs without the cache when it cannot be written', async () => {
    const aFile = join(work.dir, 'a-file');
    await writeFile(aFile, 'not a folder');
    const definitions = await loadDefinitions({ packages: ['fhir.r4.ukcore.stu2#2.0.2'], cacheDir: sharedPackageCache, compiledCache: join(aFile, 'compiled') });
    expect(definitions.structureDefinition(ukPatient)?.snapshot).not.to.equal(undefined);
  });
});
