// Throughput and latency of the sandbox on loopback, for reads and searches: `npx tsx bench/sandbox.ts`.
// The sandbox runs in a child process; this process drives it over keep-alive connections. It prints
// figures only; nothing here passes or fails on time.
import { fork } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import { Pool } from 'undici';

const connections = Number(process.env.BENCH_CONNECTIONS ?? 16);
const requestsPerScenario = Number(process.env.BENCH_REQUESTS ?? 4000);
const richard = 'UKCore-Patient-RichardSmith-Example';
const scenarios: readonly { name: string; path: string }[] = [
  { name: 'read Patient', path: `/Patient/${richard}` },
  { name: 'vread Patient', path: `/Patient/${richard}/_history/1` },
  { name: 'search Patient?family', path: '/Patient?family=smith' },
  { name: 'search Observation?patient&_include', path: `/Observation?patient=${richard}&_include=Observation:patient` },
  { name: 'search Patient?_count=20 (paged)', path: '/Patient?_count=20' },
  { name: 'search Observation?code&date', path: '/Observation?code=http://snomed.info/sct|58571000237106&date=ge2020-01-01' },
  { name: 'metadata', path: '/metadata' },
];

const child = fork(fileURLToPath(new URL('./sandbox-server.ts', import.meta.url)), [], { execArgv: ['--import', 'tsx'], stdio: 'inherit' });
const ready = await new Promise<{ baseUrl: string; profilesMs: number; loadMs: number; startMs: number }>((resolve) => child.once('message', (m) => resolve(m as never)));
const base = new URL(ready.baseUrl);
const pool = new Pool(base.origin, { connections, pipelining: 1 });

console.log(`Assay sandbox on loopback: ${connections} keep-alive connections, ${requestsPerScenario} requests per scenario (Node ${process.version})`);
console.log(
  `validator ProfileSet load ${ready.profilesMs.toFixed(0)} ms and content load ${ready.loadMs.toFixed(0)} ms (UK Core 2.0.2 + R4 core, no compiled cache), start and seed ${ready.startMs.toFixed(0)} ms`,
);
console.log('');
console.log(`${'scenario'.padEnd(40)} ${'req/s'.padStart(8)} ${'p50 ms'.padStart(8)} ${'p95 ms'.padStart(8)} ${'p99 ms'.padStart(8)}`);
// Warm up every path first (JIT, connections), so the first scenario is not measured cold.
for (const scenario of scenarios) await run(scenario.path, Math.min(1000, requestsPerScenario));
for (const scenario of scenarios) {
  const { elapsedMs, latencies } = await run(scenario.path, requestsPerScenario);
  latencies.sort((a, b) => a - b);
  const at = (q: number) => (latencies[Math.min(latencies.length - 1, Math.floor(q * latencies.length))] ?? 0).toFixed(2);
  const rate = (requestsPerScenario / elapsedMs) * 1000;
  console.log(`${scenario.name.padEnd(40)} ${rate.toFixed(0).padStart(8)} ${at(0.5).padStart(8)} ${at(0.95).padStart(8)} ${at(0.99).padStart(8)}`);
}
child.send('memory');
const { rssBytes } = await new Promise<{ rssBytes: number }>((resolve) => child.once('message', (m) => resolve(m as never)));
console.log('');
console.log(`sandbox RSS after the run: ${(rssBytes / 1024 / 1024).toFixed(0)} MiB`);
child.send('stop');
await pool.close();

/** Sends `total` GETs over the pool, `connections` at a time; every answer must be 200. */
async function run(path: string, total: number): Promise<{ elapsedMs: number; latencies: number[] }> {
  const latencies: number[] = [];
  let sent = 0;
  const started = performance.now();
  const worker = async () => {
    while (sent < total) {
      sent++;
      const t0 = performance.now();
      const { statusCode, body } = await pool.request({ method: 'GET', path: `${base.pathname}${path}`, headers: { 'x-request-id': randomUUID(), accept: 'application/fhir+json' } });
      await body.text();
      if (statusCode !== 200) throw new Error(`${path} answered ${statusCode}`);
      latencies.push(performance.now() - t0);
    }
  };
  await Promise.all(Array.from({ length: connections }, worker));
  return { elapsedMs: performance.now() - started, latencies };
}
