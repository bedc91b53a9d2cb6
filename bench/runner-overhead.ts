// Harness overhead: requests per second and latency through ctx.http (recording transport: gate,
// credentials, caps, redaction, evidence hashing) against raw undici, both on loopback to a server in
// another process. Target: the harness keeps at least 80% of raw throughput.
// Run: npx tsx bench/runner-overhead.ts [requests] [concurrency]
import { fork } from 'node:child_process';
import { setMaxListeners } from 'node:events';
import { writeFileSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { Agent, request } from 'undici';
import { evidenceRef } from '../runner/execute/test-sink.js';
import { createHttpClient, createTransport, Redactor } from '../runner/transport/index.js';
import type { ExchangeSink } from '../runner/transport/index.js';

const total = Number(process.argv[2] ?? 20_000);
const concurrency = Number(process.argv[3] ?? 8);
const body = JSON.stringify({ resourceType: 'Patient', id: '9000000009', name: [{ family: 'Smith', given: ['Jo'] }] });

// The server runs in its own process so it does not share the event loop with what is measured.
const dir = mkdtempSync(join(tmpdir(), 'assay-bench-'));
const script = join(dir, 'server.mjs');
writeFileSync(
  script,
  `import { createServer } from 'node:http';
const body = ${JSON.stringify(body)};
const server = createServer((req, res) => { res.writeHead(200, { 'content-type': 'application/fhir+json', etag: 'W/"1"' }); res.end(body); });
server.keepAliveTimeout = 60000;
server.listen(0, '127.0.0.1', () => process.send(server.address().port));`,
);
const child = fork(script, { stdio: 'ignore' });
const port = await new Promise<number>((resolve) => child.once('message', (message) => resolve(Number(message))));
const origin = `http://127.0.0.1:${port}`;

/**
 * Runs `count` requests `width` at a time; returns requests per second, mean latency in ms, and the
 * client's CPU time per request in µs (steadier than wall time on a shared machine).
 */
async function measure(count: number, width: number, send: () => Promise<void>): Promise<{ rps: number; latency: number; cpu: number }> {
  let next = 0;
  let latencySum = 0;
  const cpuStart = process.cpuUsage();
  const started = performance.now();
  await Promise.all(
    Array.from({ length: width }, async () => {
      while (next++ < count) {
        const t = performance.now();
        await send();
        latencySum += performance.now() - t;
      }
    }),
  );
  const seconds = (performance.now() - started) / 1000;
  const cpu = process.cpuUsage(cpuStart);
  return { rps: count / seconds, latency: latencySum / count, cpu: (cpu.user + cpu.system) / count };
}

const raw = new Agent({ connections: concurrency });
const rawSend = async (): Promise<void> => {
  const response = await request(`${origin}/fhir/Patient/9000000009`, { dispatcher: raw, headers: { accept: 'application/fhir+json', authorization: 'Bearer bench-token-123' } });
  await response.body.text();
};

const redactor = new Redactor();
redactor.addSecret('bench-token-123');
const transport = createTransport({
  limits: {
    maxResponseBytes: 10 * 1024 * 1024,
    maxEvidenceBodyBytes: 1024 * 1024,
    requestTimeoutMs: 30_000,
    connectTimeoutMs: 10_000,
    retries: 2,
    retryBackoffMs: 250,
    maxRedirects: 5,
  },
  hostLimits: { concurrency, ratePerSecond: 0 },
  redactor,
});
let exchanges = 0;
// As the runner's test sink does: number the exchange and hash its canonical JSON for the report.
const sink: ExchangeSink = {
  nextId: () => `bench/g/t#${++exchanges}`,
  record: (exchange) => void evidenceRef(exchange),
};
const signal = new AbortController().signal;
setMaxListeners(0, signal);
const credentials = { headersFor: () => Promise.resolve({ authorization: 'Bearer bench-token-123' }) };
const http = createHttpClient({
  baseUrl: `${origin}/fhir/`,
  dispatcher: (choice) => transport.dispatcher({ sink, credentials, signal }, choice),
});
const harnessSend = async (): Promise<void> => {
  await http.get('Patient/9000000009');
};

// Warm up both paths (JIT, connections), then measure alternately to share any drift.
await measure(2000, concurrency, rawSend);
await measure(2000, concurrency, harnessSend);
const rounds = 3;
const results = { raw: [] as number[], harness: [] as number[], rawCpu: [] as number[], harnessCpu: [] as number[] };
for (let i = 0; i < rounds; i++) {
  const raw = await measure(total, concurrency, rawSend);
  const harness = await measure(total, concurrency, harnessSend);
  results.raw.push(raw.rps);
  results.harness.push(harness.rps);
  results.rawCpu.push(raw.cpu);
  results.harnessCpu.push(harness.cpu);
}
const latencyRaw = await measure(2000, 1, rawSend);
const latencyHarness = await measure(2000, 1, harnessSend);
const best = (values: number[]): number => Math.max(...values);
const least = (values: number[]): number => Math.min(...values);

console.log(`loopback, ${total} requests per round, ${concurrency} in flight, best of ${rounds} rounds (node ${process.version})`);
console.log(`raw undici:        ${best(results.raw).toFixed(0)} req/s`);
console.log(`through ctx.http:  ${best(results.harness).toFixed(0)} req/s  (${((best(results.harness) / best(results.raw)) * 100).toFixed(0)}% of raw; target >= 80%)`);
console.log(
  `client CPU per request: raw ${least(results.rawCpu).toFixed(0)} µs, ctx.http ${least(results.harnessCpu).toFixed(0)} µs ` +
    `(raw is ${((least(results.rawCpu) / least(results.harnessCpu)) * 100).toFixed(0)}% of the harness's cost)`,
);
console.log(`latency, one at a time: raw ${(latencyRaw.latency * 1000).toFixed(0)} µs, ctx.http ${(latencyHarness.latency * 1000).toFixed(0)} µs, extra ${((latencyHarness.latency - latencyRaw.latency) * 1000).toFixed(0)} µs per request`);

await transport.close();
await raw.close();
child.kill();
rmSync(dir, { recursive: true, force: true });
