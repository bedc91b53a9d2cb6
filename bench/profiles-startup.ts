/**
 * Start-up of the profiles engine: loading R4 core and UK Core with every snapshot and the canonical index,
 * cold (nothing compiled yet: parse, generate snapshots, write the compiled cache) and warm (from the compiled
 * cache), each in a fresh process so its peak RSS is its own. Prints figures; never passes or fails.
 *
 *   npx tsx bench/profiles-startup.ts [--runs N]
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const packageCache = process.env.ASSAY_PACKAGE_CACHE ?? fileURLToPath(new URL('../../shared/fhir-packages', import.meta.url));
const packages = ['fhir.r4.ukcore.stu2#2.0.2'];

interface Sample {
  /** loadDefinitions, until Definitions is returned. */
  readonly loadMs: number;
  /** then, each of the 78 UK Core StructureDefinitions with its snapshot. */
  readonly firstUseMs: number;
  /** CPU time (user + system) of both: what the wall-clock figures come to on an idle machine. */
  readonly cpuMs: number;
  readonly peakRssMb: number;
}

async function child(compiledCache: string, profileUrls: readonly string[]): Promise<void> {
  const { loadDefinitions } = await import('../profiles/index.js');
  const started = performance.now();
  const cpu = process.cpuUsage();
  const definitions = await loadDefinitions({ packages, cacheDir: packageCache, compiledCache });
  const loaded = performance.now();
  const profiles = profileUrls.filter((url) => (definitions.structureDefinition(url)?.snapshot?.element.length ?? 0) > 0);
  if (profiles.length !== 78) throw new Error(`expected the 78 UK Core profiles and extensions with snapshots, got ${profiles.length}`);
  const sample: Sample = {
    loadMs: loaded - started,
    firstUseMs: performance.now() - loaded,
    cpuMs: ((c) => (c.user + c.system) / 1000)(process.cpuUsage(cpu)),
    peakRssMb: process.resourceUsage().maxRSS / 1024,
  };
  process.stdout.write(JSON.stringify(sample));
}

function run(compiledCache: string, profileUrls: readonly string[]): Sample {
  const args = ['--import', 'tsx', fileURLToPath(import.meta.url), '--child', compiledCache, profileUrls.join(' ')];
  const out = execFileSync(process.execPath, args, { encoding: 'utf8' });
  return JSON.parse(out) as Sample;
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] ?? Number.NaN;
}

function report(name: string, samples: Sample[]): void {
  const load = median(samples.map((s) => s.loadMs));
  const first = median(samples.map((s) => s.firstUseMs));
  const cpu = median(samples.map((s) => s.cpuMs));
  const rss = Math.max(...samples.map((s) => s.peakRssMb));
  console.log(
    `${name.padEnd(5)} load ${load.toFixed(0).padStart(5)} ms + all 78 UK Core snapshots ${first.toFixed(0).padStart(4)} ms = ${(load + first).toFixed(0).padStart(5)} ms` +
      `  (CPU ${cpu.toFixed(0).padStart(5)} ms)  peak RSS ${rss.toFixed(0)} MB`,
  );
}

if (process.argv[2] === '--child') {
  await child(process.argv[3] as string, (process.argv[4] as string).split(' '));
} else {
  const { readPackageFolder } = await import('../profiles/packages/package-folder.js');
  const ukCore = await readPackageFolder(join(packageCache, 'fhir.r4.ukcore.stu2#2.0.2'));
  const profileUrls = ukCore.resources.filter((r) => r.resourceType === 'StructureDefinition').map((r) => r.url as string);
  const runsFlag = process.argv.indexOf('--runs');
  const runs = runsFlag < 0 ? 3 : Number(process.argv[runsFlag + 1]);
  const cold: Sample[] = [];
  const warm: Sample[] = [];
  for (let i = 0; i < runs; i++) {
    const dir = mkdtempSync(join(tmpdir(), 'assay-bench-'));
    try {
      cold.push(run(join(dir, 'compiled'), profileUrls));
      warm.push(run(join(dir, 'compiled'), profileUrls));
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }
  console.log(`profiles start-up: R4 core 4.0.1 + UK Core 2.0.2 (${packageCache}), median of ${runs} runs, Node ${process.version}, load average ${loadavg()[0]?.toFixed(1)}`);
  report('cold', cold);
  report('warm', warm);
}
