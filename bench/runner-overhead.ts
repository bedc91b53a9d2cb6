// Harness overhead: requests per second and latency through ctx.http (recording transport: gate,
// credentials, caps, redirects, redaction, evidence and its sha256) against raw undici, both on
// loopback to a server in another process. Target: the harness keeps at least 80% of raw throughput.
// Run: npx tsx bench/runner-overhead.ts [requests] [concurrency] [rounds]
import { fork } from 'node:child_process';
import { writeFileSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import type { Dispatcher } from 'undici';
import { Agent, request } from 'undici';
import { TestSink } from '../runner/execute/test-sink.js';
import { createHttpClient, createTransport, Redactor } from '../runner/transport/index.js';

const total = Number(process.argv[2] ?? 20_000);
const concurrency = Number(process.argv[3] ?? 8);
const rounds = Number(process.argv[4] ?? 5);
const body = JSON.stringify({ resourceType: 'Patient', id: '9000000009', name: [{ family: 'Smith', given: ['Jo'] }] });
const timeoutMs = 30_000;

// The server runs in its own process so it does not share the event loop with what is measured. Asked,
// it says how many connections it was offered and how much CPU it used since it was last asked, so
// both sides can be seen to use the same number of connections and to cost the server the same.
const dir = mkdtempSync(join(tmpdir(), 'assay-bench-'));
const script = join(dir, 'server.mjs');
writeFileSync(
  script,
  `import { createServer } from 'node:http';
const body = ${JSON.stringify(body)};
const server = createServer((req, res) => { res.writeHead(200, { 'content-type': 'application/fhir+json', etag: 'W/"1"' }); res.end(body); });
server.keepAliveTimeout = 60000;
let connections = 0;
let cpu = process.cpuUsage();
server.on('connection', () => connections++);
process.on('message', () => { const used = process.cpuUsage(cpu); process.send({ connections, cpu: used.user + used.system }); connections = 0; cpu = process.cpuUsage(); });
server.listen(0, '127.0.0.1', () => process.send(server.address().port));`,
);
const child = fork(script, { stdio: 'ignore' });
const port = await new Promise<number>((resolve) => child.once('message', (message) => resolve(Number(message))));
const origin = `http://127.0.0.1:${port}`;
/** What the server saw since it was last asked: connections offered, CPU µs used. */
const serverSinceLastAsked = (): Promise<{ connections: number; cpu: number }> =>
  new Promise((resolve) => {
    child.once('message', (message) => resolve(message as { connections: number; cpu: number }));
    child.send('count');
  });

interface Figures {
  readonly rps: number;
  /** Mean latency, µs. */
  readonly latency: number;
  /** The client's CPU time (user + system) per request, µs: steadier than wall time on a shared machine. */
  readonly cpu: number;
  /** The server's CPU time per request, µs. */
  readonly serverCpu: number;
  /** Connections the server was offered. */
  readonly connections: number;
}

/** Runs `count` requests `width` at a time. */
async function measure(count: number, width: number, send: () => Promise<void>): Promise<Figures> {
  await serverSinceLastAsked();
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
  const server = await serverSinceLastAsked();
  return {
    rps: count / seconds,
    latency: (latencySum / count) * 1000,
    cpu: (cpu.user + cpu.system) / count,
    serverCpu: server.cpu / count,
    connections: server.connections,
  };
}

// Raw undici: the same pool settings as the transport's (connections per host, header and body
// timeouts), the same request headers, and the body read whole as text.
const raw = new Agent({ connections: concurrency, headersTimeout: timeoutMs, bodyTimeout: timeoutMs });
const rawSend = async (): Promise<void> => {
  const response = await request(`${origin}/fhir/Patient/9000000009`, {
    dispatcher: raw,
    headers: { accept: 'application/fhir+json', authorization: 'Bearer bench-token-123' },
  });
  await response.body.text();
};

const redactor = new Redactor();
redactor.addSecret('bench-token-123');
const transport = createTransport({
  limits: {
    maxResponseBytes: 10 * 1024 * 1024,
    maxEvidenceBodyBytes: 1024 * 1024,
    requestTimeoutMs: timeoutMs,
    connectTimeoutMs: 10_000,
    retries: 2,
    retryBackoffMs: 250,
    maxRedirects: 5,
  },
  hostLimits: { concurrency, ratePerSecond: 0 },
  redactor,
});
const credentials = { headersFor: () => Promise.resolve({ authorization: 'Bearer bench-token-123' }) };
/** ctx.http as a test gets it: its own signal and test sink (numbering, sha256 of each exchange's canonical JSON). */
function harnessSend(): () => Promise<void> {
  const sink = new TestSink('bench/g/t', () => undefined);
  const { signal } = new AbortController();
  const dispatchers = (choice: Parameters<typeof transport.dispatcher>[1]): Dispatcher => transport.dispatcher({ sink, credentials, signal }, choice);
  const http = createHttpClient({ baseUrl: `${origin}/fhir/`, dispatcher: dispatchers });
  return async () => {
    await http.get('Patient/9000000009');
  };
}

// Warm up both paths (JIT, connections), then alternate them round by round so drift hits both.
const opened = { raw: (await measure(3000, concurrency, rawSend)).connections, harness: (await measure(3000, concurrency, harnessSend())).connections };
const reopened = { raw: 0, harness: 0 };
const results = { raw: [] as Figures[], harness: [] as Figures[], ratio: [] as number[] };
for (let i = 0; i < rounds; i++) {
  const r = await measure(total, concurrency, rawSend);
  reopened.raw += r.connections;
  const h = await measure(total, concurrency, harnessSend());
  reopened.harness += h.connections;
  results.raw.push(r);
  results.harness.push(h);
  results.ratio.push(h.rps / r.rps);
}
const serial = { raw: [] as number[], harness: [] as number[] };
for (let i = 0; i < rounds; i++) {
  serial.raw.push((await measure(2000, 1, rawSend)).latency);
  serial.harness.push((await measure(2000, 1, harnessSend())).latency);
}

const median = (values: readonly number[]): number => {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? (sorted[middle] ?? 0) : ((sorted[middle - 1] ?? 0) + (sorted[middle] ?? 0)) / 2;
};
const pick = (figures: readonly Figures[], key: keyof Figures): number => median(figures.map((f) => f[key]));
const percent = (value: number): string => `${(value * 100).toFixed(0)}%`;
const rawRps = pick(results.raw, 'rps');
const harnessRps = pick(results.harness, 'rps');
const rawCpu = pick(results.raw, 'cpu');
const harnessCpu = pick(results.harness, 'cpu');

console.log(`loopback, ${total} requests a round, ${concurrency} in flight, median of ${rounds} rounds (node ${process.version})`);
console.log(`connections: raw ${opened.raw} (${reopened.raw} more while measuring), ctx.http ${opened.harness} (${reopened.harness} more)`);
console.log(`raw undici:        ${rawRps.toFixed(0)} req/s`);
console.log(
  `through ctx.http:  ${harnessRps.toFixed(0)} req/s  (${percent(median(results.ratio))} of raw, rounds ${percent(Math.min(...results.ratio))} to ${percent(Math.max(...results.ratio))}; target >= 80%)`,
);
console.log(
  `client CPU per request: raw ${rawCpu.toFixed(0)} µs, ctx.http ${harnessCpu.toFixed(0)} µs, ` +
    `extra ${(harnessCpu - rawCpu).toFixed(0)} µs (raw is ${percent(rawCpu / harnessCpu)} of the harness's cost)`,
);
const rawServer = pick(results.raw, 'serverCpu');
const harnessServer = pick(results.harness, 'serverCpu');
console.log(
  `server CPU per request: ${rawServer.toFixed(0)} µs serving raw, ${harnessServer.toFixed(0)} µs serving ctx.http; ` +
    `client and server together: raw is ${percent((rawCpu + rawServer) / (harnessCpu + harnessServer))} of the harness's`,
);
const latencyRaw = median(serial.raw);
const latencyHarness = median(serial.harness);
console.log(
  `latency, one at a time: raw ${latencyRaw.toFixed(0)} µs, ctx.http ${latencyHarness.toFixed(0)} µs, extra ${(latencyHarness - latencyRaw).toFixed(0)} µs per request`,
);

await transport.close();
await raw.close();
child.kill();
rmSync(dir, { recursive: true, force: true });
