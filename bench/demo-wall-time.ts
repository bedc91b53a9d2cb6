// Wall time of `assay demo` as a newcomer runs it (a fresh process each time: load the packages, start the
// sandbox, run fhir-r4-rest, uk-core, nhs-api and security, write every output, certify), and the run's
// own time as the console summary prints it. The first round may fill the compiled-package cache.
// Run: npx tsx bench/demo-wall-time.ts [rounds]   (ASSAY_PACKAGE_CACHE as for the demo itself)
// It prints figures only; nothing here passes or fails on time.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { repoRoot } from '../test/support/paths.js';

const rounds = Number(process.argv[2] ?? 3);
const walls: number[] = [];
console.log(`assay demo, ${rounds} rounds (Node ${process.version})`);
for (let round = 1; round <= rounds; round++) {
  const out = mkdtempSync(join(tmpdir(), 'assay-demo-bench-'));
  const started = performance.now();
  const result = spawnSync(process.execPath, [join(repoRoot, 'bin', 'assay.js'), 'demo', '--out', out], { encoding: 'utf8', env: { ...process.env, CI: '1' } });
  const wall = performance.now() - started;
  rmSync(out, { recursive: true, force: true });
  if (result.status !== 0) throw new Error(`assay demo exited ${String(result.status)}: ${result.stderr}`);
  const summary = /^(\d+) tests: .*; ([\d.]+) s$/m.exec(result.stdout);
  walls.push(wall);
  console.log(`  round ${round}: ${(wall / 1000).toFixed(1)} s wall, of which the suites ran ${summary?.[2] ?? '?'} s (${summary?.[1] ?? '?'} tests)`);
}
walls.sort((a, b) => a - b);
console.log(`median ${((walls[Math.floor(walls.length / 2)] ?? 0) / 1000).toFixed(1)} s`);
