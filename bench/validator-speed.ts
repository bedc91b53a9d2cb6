import { spawnSync } from 'node:child_process';
import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { indexStructureDefinitionBundle, validateResource } from '@medplum/core';
import type { StructureDefinition } from 'fhir/r4.js';
import { loadDefinitions } from '../profiles/definitions.js';
import { createValidator } from '../profiles/validator/index.js';
import { repoRoot, sharedDir, sharedPackageCache } from '../test/support/paths.js';

/**
 * Validator speed, single thread, printed beside a peer measured in the same run on the same examples
 * (@medplum/core validateResource). Throughput is the best of several rounds (after one warm-up round), in
 * resources per second of CPU time and of wall time: on a shared machine CPU time is the steadier figure.
 *   npx tsx bench/validator-speed.ts [--rounds N]
 */
const rounds = Number(process.argv[process.argv.indexOf('--rounds') + 1] ?? 5) || 5;

interface Speed {
  readonly cpu: number;
  readonly wall: number;
}

async function measure(count: number, work: () => Promise<void>): Promise<Speed> {
  await work();
  let best: Speed = { cpu: 0, wall: 0 };
  for (let i = 0; i < rounds; i++) {
    const cpu0 = process.cpuUsage();
    const wall0 = performance.now();
    await work();
    const cpu = process.cpuUsage(cpu0);
    const speed = { cpu: count / ((cpu.user + cpu.system) / 1e6), wall: count / ((performance.now() - wall0) / 1e3) };
    if (speed.cpu > best.cpu) best = speed;
  }
  return best;
}

const show = (s: Speed): string => `${Math.round(s.cpu).toLocaleString('en-GB')} resources/s (CPU), ${Math.round(s.wall).toLocaleString('en-GB')} resources/s (wall)`;

const examplesDir = join(sharedDir, 'corpora', 'r4-spec-examples');
const examples: unknown[] = [];
for (const file of (await readdir(examplesDir)).filter((f) => f.endsWith('.json')).sort()) examples.push(JSON.parse(await readFile(join(examplesDir, file), 'utf8')));

const ukDir = join(sharedPackageCache, 'fhir.r4.ukcore.stu2#2.0.2', 'package', 'examples');
const ukProfiles = JSON.parse(await readFile(join(sharedDir, 'corpora', 'ukcore-examples-profiles.json'), 'utf8')) as Record<string, string | null>;
const ukExamples: { json: unknown; profile: string | null }[] = [];
for (const [file, profile] of Object.entries(ukProfiles)) ukExamples.push({ json: JSON.parse(await readFile(join(ukDir, file), 'utf8')), profile: profile ?? null });

// Assay, with UK Core and R4 core loaded once (its default): base validation of the R4 examples (every
// invariant; they claim no UK profile), then UK Core profile validation of UK Core's examples.
const definitions = await loadDefinitions({ packages: ['fhir.r4.ukcore.stu2#2.0.2'], cacheDir: sharedPackageCache });
const r4 = createValidator(definitions, { nhsRules: false });
const assayBase = await measure(examples.length, async () => {
  for (const example of examples) await r4.validate(example);
});
const uk = createValidator(definitions);
const assayUk = await measure(ukExamples.length, async () => {
  for (const { json, profile } of ukExamples) await uk.validate(json, profile === null ? {} : { profiles: [profile] });
});
// This process's peak so far (both packages loaded, every example validated six times, the parsed corpus held),
// beside the validator's own peak in a process that does nothing else (bench/validator-memory.ts).
const harnessRss = process.resourceUsage().maxRSS * 1024;
const memoryRun = spawnSync(process.execPath, ['--import', 'tsx', join(repoRoot, 'bench', 'validator-memory.ts')], { encoding: 'utf8' });
if (memoryRun.status !== 0) throw new Error(`bench/validator-memory.ts exited ${String(memoryRun.status)}: ${memoryRun.stderr}`);
const assayRss = (JSON.parse(memoryRun.stdout) as { peakRssBytes: number }).peakRssBytes;

// The peer: @medplum/core with R4 core's base definitions (it cannot index R4 core's own profiles).
const coreDir = join(sharedPackageCache, 'hl7.fhir.r4.core#4.0.1', 'package');
const coreDefinitions: StructureDefinition[] = [];
for (const file of (await readdir(coreDir)).filter((f) => f.startsWith('StructureDefinition-'))) {
  const sd = JSON.parse(await readFile(join(coreDir, file), 'utf8')) as StructureDefinition;
  if (sd.kind !== 'logical' && sd.derivation !== 'constraint') coreDefinitions.push(sd);
}
indexStructureDefinitionBundle(coreDefinitions);
const medplumBase = await measure(examples.length, () => {
  for (const example of examples) {
    try {
      validateResource(example as Parameters<typeof validateResource>[0]);
    } catch {
      // medplum throws for invalid content; the time spent is what counts here.
    }
  }
  return Promise.resolve();
});

// Cold and warm start of the command line: load UK Core and R4 core, generate snapshots, compile, validate one file.
const scratch = await mkdtemp(join(tmpdir(), 'assay-speed-'));
const patient = join(scratch, 'patient.json');
await writeFile(patient, await readFile(join(examplesDir, 'Patient-example.json')));
const env = { ...process.env, ASSAY_PACKAGE_CACHE: sharedPackageCache, ASSAY_COMPILED_CACHE: join(scratch, 'compiled'), ASSAY_OFFLINE: '1' };
const start = (): number => {
  const t0 = performance.now();
  const result = spawnSync(process.execPath, [join(repoRoot, 'bin', 'assay.js'), 'validate', patient, '--profile', 'https://fhir.hl7.org.uk/StructureDefinition/UKCore-Patient'], { env });
  if (result.status !== 0) throw new Error(`assay validate exited ${String(result.status)}: ${result.stderr.toString()}`);
  return (performance.now() - t0) / 1000;
};
const cold = start();
const warm = Math.min(start(), start(), start());
await rm(scratch, { recursive: true, force: true });

console.log('Validator speed (single thread; best of %d rounds)\n', rounds);
console.log('| measure | Assay | @medplum/core 4.5 validateResource |\n|---|---|---|');
console.log(`| base validation, 717 R4 examples, with invariants | ${show(assayBase)} | ${show(medplumBase)} |`);
console.log(`| UK Core profile validation, 140 examples | ${show(assayUk)} | — (needs snapshots it cannot generate) |`);
console.log(`| cold start: \`assay validate\` one file against UK Core, empty compiled cache | ${cold.toFixed(2)} s | — |`);
console.log(`| warm start: the same, compiled cache filled | ${warm.toFixed(2)} s | — |`);
console.log(`| peak RSS: both packages loaded, all 857 examples validated, in a process of its own | ${Math.round(assayRss / 1e6)} MB | — |`);
console.log(`| peak RSS of this bench process (corpus held parsed, validated six times, peer loaded) | ${Math.round(harnessRss / 1e6)} MB | — |`);
