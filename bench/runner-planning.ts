// Planning time for a 5,000-test plan: loading the suite (requirements checked, dependencies resolved)
// and building the plan (selection, prerequisites, inputs, declared-scope omission, dependency order).
// Run: npx tsx bench/runner-planning.ts [tests]
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { performance } from 'node:perf_hooks';
import { resolveTarget } from '../runner/config/index.js';
import type { TestDefinition } from '../runner/dsl/index.js';
import { defineSuite, loadSuite } from '../runner/dsl/index.js';
import { buildPlan } from '../runner/plan/index.js';

const total = Number(process.argv[2] ?? 5000);
const perGroup = 100;
const requirements = Array.from({ length: Math.ceil(total / 10) }, (_, i) => ({
  id: `REQ-${i}`,
  text: `Requirement ${i}`,
  source: 'http://hl7.org/fhir/R4/http.html',
  level: i % 3 === 0 ? 'SHOULD' : 'SHALL',
}));
const dir = mkdtempSync(join(tmpdir(), 'assay-bench-plan-'));
writeFileSync(join(dir, 'requirements.json'), JSON.stringify(requirements));

const run = (): Promise<void> => Promise.resolve();
const groups = Array.from({ length: Math.ceil(total / perGroup) }, (_, g) => ({
  id: `group-${g}`,
  title: `Group ${g}`,
  tests: Array.from({ length: Math.min(perGroup, total - g * perGroup) }, (_, t): TestDefinition => ({
    id: `test-${t}`,
    title: `Test ${g}.${t}`,
    verifies: [`REQ-${(g * perGroup + t) % requirements.length}`],
    // Chains of ten: every test but the first of ten depends on the one before it.
    ...(t % 10 === 0 ? {} : { dependsOn: [`test-${t - 1}`] }),
    tags: t % 2 === 0 ? ['even'] : ['odd'],
    claims: { resource: t % 4 === 0 ? 'Observation' : 'Patient', interaction: 'read' },
    writes: t % 25 === 0,
    run,
  })),
}));
const suite = defineSuite({ id: 'bench', version: '1.0.0', title: 'Bench', requirements: pathToFileURL(join(dir, 'requirements.json')), inputs: {}, tests: groups });
const target = { ...resolveTarget(undefined, { target: 'https://fhir.example.test/R4', cwd: dir }), scope: { resources: ['Patient'] } };

function median(work: () => unknown, rounds = 7): number {
  work();
  const times: number[] = [];
  for (let i = 0; i < rounds; i++) {
    const start = performance.now();
    work();
    times.push(performance.now() - start);
  }
  return times.sort((a, b) => a - b)[Math.floor(rounds / 2)] ?? Number.NaN;
}

const loaded = loadSuite(suite);
const load = median(() => loadSuite(suite));
const plan = median(() => buildPlan({ suites: [loaded], target, filter: {}, inputs: { cli: [], env: {} } }));
const selected = median(() => buildPlan({ suites: [loaded], target, filter: { tests: ['bench/group-1*/*'], tags: ['even'] }, inputs: { cli: [], env: {} } }));
const built = buildPlan({ suites: [loaded], target, filter: {}, inputs: { cli: [], env: {} } });

console.log(`${built.tests.length} tests in ${groups.length} groups, ${requirements.length} requirements (median of 7, node ${process.version})`);
console.log(`load the suite (requirements, ids, dependencies): ${load.toFixed(1)} ms`);
console.log(`plan every test (order, omission):                 ${plan.toFixed(1)} ms (${built.tests.filter((test) => test.omit !== undefined).length} omitted by scope or writability)`);
console.log(`plan a selection by glob and tag:                  ${selected.toFixed(1)} ms`);
rmSync(dir, { recursive: true, force: true });
