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
import type { AuthProvider } from '../runner/auth/index.js';
import { targetCredentials } from '../runner/auth/index.js';
import { TestSink } from '../runner/execute/test-sink.js';
import { createHttpClient, createTransport, Redactor } from '../runner/transport/index.js';
import { TextResponse } from '../runner/transport/text-response.js';

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
// timeouts) and the same request headers. Two ways of reading the body whole as text: request() and
// text(), what an undici user writes (the baseline the 80% target is set against), and dispatch() with
// the small handler ctx.http itself reads responses with, so that the second figure is the recording
// transport's own cost and nothing else.
const raw = new Agent({ connections: concurrency, headersTimeout: timeoutMs, bodyTimeout: timeoutMs });
const rawHeaders = { accept: 'application/fhir+json', authorization: 'Bearer bench-token-123' };
const rawRequest = async (): Promise<void> => {
  const response = await request(`${origin}/fhir/Patient/9000000009`, { dispatcher: raw, headers: rawHeaders });
  await response.body.text();
};
const rawDispatch = async (): Promise<void> => {
  const handler = new TextResponse();
  raw.dispatch({ origin, path: '/fhir/Patient/9000000009', method: 'GET', headers: rawHeaders }, handler);
  await handler.done;
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
// The target's credentials as a run makes them, from a static bearer token.
const bearer: AuthProvider = { method: 'bearer', headers: () => Promise.resolve({ authorization: 'Bearer bench-token-123' }) };
const credentials = targetCredentials(`${origin}/fhir/`, bearer, {});
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

const sides = [
  { name: 'raw undici, request() + text()', send: () => rawRequest },
  { name: 'raw undici, dispatch() + handler', send: () => rawDispatch },
  { name: 'through ctx.http', send: harnessSend },
] as const;
type Side = (typeof sides)[number]['name'];

// Warm up every side (JIT, connections), then take them in turn round by round so drift hits all.
const opened = new Map<Side, number>();
for (const side of sides) opened.set(side.name, (await measure(3000, concurrency, side.send())).connections);
const results = new Map<Side, Figures[]>(sides.map((side) => [side.name, []]));
const serial = new Map<Side, Figures[]>(sides.map((side) => [side.name, []]));
for (let i = 0; i < rounds; i++) {
  for (const side of sides) results.get(side.name)?.push(await measure(total, concurrency, side.send()));
}
for (let i = 0; i < rounds; i++) {
  for (const side of sides) serial.get(side.name)?.push(await measure(2000, 1, side.send()));
}

const median = (values: readonly number[]): number => {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? (sorted[middle] ?? 0) : ((sorted[middle - 1] ?? 0) + (sorted[middle] ?? 0)) / 2;
};
const of = (from: Map<Side, Figures[]>, side: Side): Figures[] => from.get(side) ?? [];
const pick = (from: Map<Side, Figures[]>, side: Side, key: keyof Figures): number => median(of(from, side).map((f) => f[key]));
const percent = (value: number): string => `${(value * 100).toFixed(0)}%`;
const harness: Side = 'through ctx.http';

console.log(`loopback, ${total} requests a round, ${concurrency} in flight, median of ${rounds} rounds (node ${process.version})`);
console.log(
  `connections: ${sides.map((side) => `${opened.get(side.name) ?? 0} for ${side.name}`).join(', ')}; ` +
    `${sides.reduce((sum, side) => sum + of(results, side.name).reduce((n, f) => n + f.connections, 0), 0)} more while measuring`,
);
console.log('                                     req/s   client CPU/request   server CPU/request   latency one at a time (its CPU)');
for (const side of sides) {
  console.log(
    `${side.name.padEnd(34)} ${pick(results, side.name, 'rps').toFixed(0).padStart(7)}   ${pick(results, side.name, 'cpu').toFixed(0).padStart(12)} µs` +
      `   ${pick(results, side.name, 'serverCpu').toFixed(0).padStart(12)} µs   ${pick(serial, side.name, 'latency').toFixed(0).padStart(8)} µs (${pick(serial, side.name, 'cpu').toFixed(0)} µs)`,
  );
}
for (const side of sides.slice(0, 2)) {
  const ratios = of(results, harness).map((figures, i) => figures.rps / (of(results, side.name)[i]?.rps ?? Number.NaN));
  const cpu = pick(results, harness, 'cpu') - pick(results, side.name, 'cpu');
  const latency = pick(serial, harness, 'latency') - pick(serial, side.name, 'latency');
  console.log(
    `ctx.http against ${side.name}: ${percent(median(ratios))} of its throughput (rounds ${percent(Math.min(...ratios))} to ${percent(Math.max(...ratios))}), ` +
      `CPU ratio ${percent(pick(results, side.name, 'cpu') / pick(results, harness, 'cpu'))}, ${cpu.toFixed(0)} µs more CPU and ${latency.toFixed(0)} µs more latency a request`,
  );
}
console.log('target: ctx.http keeps at least 80% of the throughput of raw undici request()');

await transport.close();
await raw.close();
child.kill();
rmSync(dir, { recursive: true, force: true });
