// Scratch harness (not committed): runs suites against a sandbox with a minimal TestContext.
import { setMaxListeners } from 'node:events';
import type { CapabilityStatement } from 'fhir/r4.js';
import { loadDefinitions } from '../profiles/index.js';
import { createValidator } from '../profiles/validator/index.js';
import { loadSuite, CheckFailure, OmitSignal, SkipSignal } from '../runner/dsl/index.js';
import type { TestContext } from '../runner/dsl/index.js';
import { createHttpClient } from '../runner/transport/http-client.js';
import { Redactor } from '../runner/transport/redact.js';
import { createTransport } from '../runner/transport/transport.js';
import { loadSandboxContent, startSandbox } from '../sandbox/index.js';
import type { DefectId } from '../sandbox/index.js';
import { suites } from '../suites/index.js';

const cacheDir = '/work/shared/fhir-packages';
const defects = (process.env.DEFECTS ?? '').split(',').filter((d) => d !== '') as DefectId[];
const writable = process.env.WRITABLE === '1';
const only = (process.env.SUITES ?? 'fhir-r4-rest,nhs-api,security').split(',');
const definitions = await loadDefinitions({ packages: ['hl7.fhir.r4.core#4.0.1', 'fhir.r4.ukcore.stu2#2.0.2'], cacheDir });
const validator = createValidator(definitions);
const profiles = { packages: definitions.packages, terminology: { kind: 'local' as const }, resolve: definitions.resolve, validate: validator.validate };
const content = await loadSandboxContent({ cacheDir });
const sandbox = await startSandbox({ content, profiles, defects, onInternalError: (e) => console.error('SANDBOX INTERNAL', e) });
const baseUrl = `${sandbox.baseUrl}/`;
const transport = createTransport({
  limits: { maxResponseBytes: 64 * 1024 * 1024, maxEvidenceBodyBytes: 64 * 1024, requestTimeoutMs: 30000, retries: 0, retryBackoffMs: 10, maxRedirects: 5, connectTimeoutMs: 2000 },
  hostLimits: { concurrency: 8, ratePerSecond: 0 },
  redactor: new Redactor(),
});
let count = 0;
const sink = { nextId: () => `x#${++count}`, record: () => undefined };
const abort = new AbortController();
setMaxListeners(0, abort.signal);
const http = createHttpClient({ baseUrl, dispatcher: (choice) => transport.dispatcher({ sink, credentials: undefined, signal: abort.signal }, choice) });
const cs = (await http.get('metadata', { headers: { 'x-request-id': crypto.randomUUID() } })).json() as CapabilityStatement;
const started = Date.now();
for (const suite of suites.filter((s) => only.includes(s.id))) {
  const loaded = loadSuite(suite);
  const outputs = new Map<string, unknown>();
  const outcomes = new Map<string, string>();
  for (const test of loaded.tests) {
    const notes: string[] = [];
    const failures: string[] = [];
    const inputs = Object.fromEntries(Object.entries(suite.inputs).map(([k, v]) => [k, v.default]));
    const expect = {
      that: (c: unknown, m: string) => { if (!c) throw new CheckFailure(m); },
      equal: (a: unknown, e: unknown, w: string) => { if (a !== e) throw new CheckFailure(`${w}: ${String(a)} expected ${String(e)}`); return e; },
      oneOf: (a: unknown, al: readonly unknown[], w: string) => { if (!al.includes(a)) throw new CheckFailure(`${w}`); return a; },
      defined: (v: unknown, w: string) => { if (v === undefined || v === null) throw new CheckFailure(`${w} missing`); return v; },
      match: (v: string | undefined, p: RegExp, w: string) => { if (v === undefined || !p.test(v)) throw new CheckFailure(`${w} ${v} !~ ${p}`); return v; },
      status: (r: { status: number; url: string }, e: number | readonly number[]) => { const l = typeof e === 'number' ? [e] : e; if (!l.includes(r.status)) throw new CheckFailure(`status ${r.status} expected ${l.join('/')} (${r.url})`); },
      header: (r: { headers: Record<string, string> }, n: string, p?: RegExp) => { const v = r.headers[n]; if (v === undefined || (p && !p.test(v))) throw new CheckFailure(`header ${n}: ${v}`); return v; },
      resource: (v: unknown, t: string) => { if ((v as { resourceType?: string })?.resourceType !== t) throw new CheckFailure(`not a ${t}`); return v; },
      fail: (m: string) => { throw new CheckFailure(m); },
    };
    const ctx = {
      testId: test.id, inputs, target: { name: 'sandbox', baseUrl, writable }, capabilities: cs, http, fhir: undefined,
      validate: async (r: unknown) => { const oo = await validator.validate(r); for (const i of oo.issue) if (i.severity === 'error' || i.severity === 'fatal') failures.push(`validate: ${i.details?.text} @ ${i.expression?.join()}`); return oo; },
      resolve: definitions.resolve,
      expect, check: (c: boolean, m: string) => { if (!c) failures.push(m); return c; }, note: (t: string) => notes.push(t),
      skip: (r: string) => { throw new SkipSignal(r); }, omit: (r: string) => { throw new OmitSignal(r); },
      output: (k: string, v: unknown) => outputs.set(k, v), need: (k: string) => { if (!outputs.has(k)) throw new SkipSignal(`needs ${k}`); return outputs.get(k); },
      signal: abort.signal,
    } as unknown as TestContext;
    let outcome = 'pass'; let message = '';
    const dep = test.dependsOn.find((d) => outcomes.get(d) !== 'pass');
    const t0 = Date.now();
    if (dep !== undefined) { outcome = 'skip'; message = `dependency ${dep}`; }
    else if (test.writes && !writable) { outcome = 'omit'; message = 'not writable'; }
    else {
      try { await test.definition.run(ctx); if (failures.length) { outcome = 'fail'; message = failures.join(' | '); } }
      catch (e) {
        if (failures.length && !(e instanceof CheckFailure)) { outcome = 'fail'; message = failures.join(' | ') + ' || ' + String(e); }
        else if (e instanceof CheckFailure) { outcome = 'fail'; message = [...failures, e.message].join(' | '); }
        else if (e instanceof SkipSignal) { outcome = 'skip'; message = e.message; }
        else if (e instanceof OmitSignal) { outcome = 'omit'; message = e.message; }
        else { outcome = 'error'; message = String((e as Error).stack ?? e); }
      }
    }
    outcomes.set(test.id, outcome);
    console.log(`${outcome.toUpperCase().padEnd(5)} ${test.level.padEnd(6)} ${test.id} [${test.verifies.join(',')}] ${Date.now() - t0}ms ${message}`);
    if (process.env.NOTES === '1') for (const n of notes) console.log(`        note: ${n}`);
  }
}
console.log(`wall ${Date.now() - started}ms`);
await transport.close();
await sandbox.close();
