// Harness overhead: requests per second and latency through ctx.http (recording transport: gate,
// credentials, caps, redirects, redaction, evidence and its sha256) against raw undici, both on
// loopback to a server in another process. Target: the harness keeps at least 80% of raw throughput.
// Run: npx tsx bench/runner-overhead.ts [requests a round] [concurrency] [rounds]
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

const total = Number(process.argv[2] ?? 4000);
const concurrency = Number(process.argv[3] ?? 8);
const rounds = Number(process.argv[4] ?? 25);
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

/** What one or more measurements of a side added up to. */
interface Tally {
  readonly requests: number;
  readonly seconds: number;
  /** Sum of the requests' latencies, ms. */
  readonly latency: number;
  /** The client's CPU time (user + system), µs. */
  readonly cpu: number;
  /** The server's CPU time, µs. */
  readonly serverCpu: number;
  /** Connections the server was offered. */
  readonly connections: number;
}

const nothing: Tally = { requests: 0, seconds: 0, latency: 0, cpu: 0, serverCpu: 0, connections: 0 };
const add = (a: Tally, b: Tally): Tally => ({
  requests: a.requests + b.requests,
  seconds: a.seconds + b.seconds,
  latency: a.latency + b.latency,
  cpu: a.cpu + b.cpu,
  serverCpu: a.serverCpu + b.serverCpu,
  connections: a.connections + b.connections,
});

interface Figures {
  readonly rps: number;
  /** Mean latency, µs. */
  readonly latency: number;
  /** The client's CPU time per request, µs: steadier than wall time on a shared machine. */
  readonly cpu: number;
  /** The server's CPU time per request, µs. */
  readonly serverCpu: number;
  readonly connections: number;
}

const figures = (t: Tally): Figures => ({
  rps: t.requests / t.seconds,
  latency: (t.latency / t.requests) * 1000,
  cpu: t.cpu / t.requests,
  serverCpu: t.serverCpu / t.requests,
  connections: t.connections,
});

/** Runs `count` requests `width` at a time. */
async function measure(count: number, width: number, send: () => Promise<void>): Promise<Tally> {
  await serverSinceLastAsked();
  let next = 0;
  let latency = 0;
  const cpuStart = process.cpuUsage();
  const started = performance.now();
  await Promise.all(
    Array.from({ length: width }, async () => {
      while (next++ < count) {
        const t = performance.now();
        await send();
        latency += performance.now() - t;
      }
    }),
  );
  const seconds = (performance.now() - started) / 1000;
  const cpu = process.cpuUsage(cpuStart);
  const server = await serverSinceLastAsked();
  return { requests: count, seconds, latency, cpu: cpu.user + cpu.system, serverCpu: server.cpu, connections: server.connections };
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

// Warm up every side (JIT, connections). Then many rounds; within a round the sides take turns in
// short slices, the order reversed every other slice, and each side's slices are added up. On a shared
// machine the load changes from one moment to the next: slices side by side see the same load, so the
// ratio of a round is steadier than the figures it is made of.
const opened = new Map<Side, number>();
for (const side of sides) opened.set(side.name, (await measure(3000, concurrency, side.send())).connections);
const inTurn = (slice: number): readonly (typeof sides)[number][] => (slice % 2 === 0 ? sides : [...sides].reverse());
/** The `n`th round: `count` requests of each side, `width` at a time, in `slices` turns. */
async function round(n: number, count: number, width: number, slices: number): Promise<Map<Side, Figures>> {
  const tallies = new Map<Side, Tally>(sides.map((side) => [side.name, nothing]));
  for (let slice = 0; slice < slices; slice++) {
    for (const side of inTurn(n + slice)) {
      const part = await measure(Math.ceil(count / slices), width, side.send());
      tallies.set(side.name, add(tallies.get(side.name) ?? nothing, part));
    }
  }
  return new Map([...tallies].map(([side, tally]) => [side, figures(tally)]));
}
const results = new Map<Side, Figures[]>(sides.map((side) => [side.name, []]));
const serial = new Map<Side, Figures[]>(sides.map((side) => [side.name, []]));
// Requests one at a time take a round in one turn: a few dozen would measure waking up more than requests.
const slices = 10;
for (const [into, count, width, turns] of [
  [results, total, concurrency, slices],
  [serial, Math.ceil(total / 10), 1, 1],
] as const) {
  for (let i = 0; i < rounds; i++) {
    for (const [side, figures] of await round(i, count, width, turns)) into.get(side)?.push(figures);
  }
}

/** The value a fraction `q` of the way up the sorted values (0.5: the median), interpolated. */
const quantile = (values: readonly number[], q: number): number => {
  const sorted = [...values].sort((a, b) => a - b);
  const at = (sorted.length - 1) * q;
  const below = sorted[Math.floor(at)] ?? Number.NaN;
  return below + ((sorted[Math.ceil(at)] ?? below) - below) * (at - Math.floor(at));
};
const median = (values: readonly number[]): number => quantile(values, 0.5);
const of = (from: Map<Side, Figures[]>, side: Side): Figures[] => from.get(side) ?? [];
const pick = (from: Map<Side, Figures[]>, side: Side, key: keyof Figures): number => median(of(from, side).map((f) => f[key]));
const percent = (value: number): string => `${(value * 100).toFixed(0)}%`;
const harness: Side = 'through ctx.http';

console.log(
  `loopback, ${total} requests a round from each side in ${slices} turns, ${concurrency} in flight, median of ${rounds} rounds (node ${process.version})`,
);
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
/** Median of the rounds' ratios, with the middle half and the whole range of them. */
const spread = (ratios: readonly number[]): string =>
  `${percent(median(ratios))} (middle half of the rounds ${percent(quantile(ratios, 0.25))} to ${percent(quantile(ratios, 0.75))}, ` +
  `all ${percent(Math.min(...ratios))} to ${percent(Math.max(...ratios))})`;
for (const side of sides.slice(0, 2)) {
  const base = of(results, side.name);
  const throughput = of(results, harness).map((figures, i) => figures.rps / (base[i]?.rps ?? Number.NaN));
  const cpuRatio = of(results, harness).map((figures, i) => (base[i]?.cpu ?? Number.NaN) / figures.cpu);
  const cpu = pick(results, harness, 'cpu') - pick(results, side.name, 'cpu');
  const latency = pick(serial, harness, 'latency') - pick(serial, side.name, 'latency');
  console.log(`ctx.http against ${side.name}:`);
  console.log(`  throughput ${spread(throughput)}`);
  console.log(`  CPU ratio  ${spread(cpuRatio)}; ${cpu.toFixed(0)} µs more CPU and ${latency.toFixed(0)} µs more latency a request`);
}
console.log('target: ctx.http keeps at least 80% of the throughput of raw undici request() + text()');

await transport.close();
await raw.close();
child.kill();
rmSync(dir, { recursive: true, force: true });
