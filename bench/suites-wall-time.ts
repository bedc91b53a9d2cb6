// Wall time of full runs of every suite on loopback: fhir-r4-rest, uk-core (generated from UK Core 2.0.2),
// nhs-api and security against the sandbox (auth on, every resource type it serves), read-only (the
// default) and writable; pds against the PDS fixture (the sandbox declares no API pack).
// `npx tsx bench/suites-wall-time.ts`. Suites and servers share this process, as in the project's tests.
// It prints figures only; nothing here passes or fails on time.
import type { TestResult } from '../reports/model.js';
import fhirR4Rest from '../suites/fhir-r4-rest/index.js';
import nhsApi from '../suites/nhs-api/index.js';
import pds from '../suites/pds/index.js';
import security from '../suites/security/index.js';
import { ukCoreSuite } from '../suites/uk-core/index.js';
import { startPdsFixture } from '../test/fixtures/pds/index.js';
import { nationalProfiles, startSuiteSandbox } from '../test/suites/national-run.js';
import { runSuite, runSuites } from '../test/suites/run-suite.js';

const loadStarted = performance.now();
const { definitions, profiles } = await nationalProfiles();
const suites = [fhirR4Rest, ukCoreSuite(definitions), nhsApi, security];
const sandbox = await startSuiteSandbox(profiles, { auth: true });
console.log(`FHIR packages and sandbox ready in ${(performance.now() - loadStarted).toFixed(0)} ms (Node ${process.version}, concurrency 4, no rate limit)`);
console.log('');
console.log(`${'run'.padEnd(34)} ${'tests'.padStart(6)} ${'pass'.padStart(5)} ${'fail'.padStart(5)} ${'skip'.padStart(5)} ${'omit'.padStart(5)} ${'requests'.padStart(9)} ${'wall ms'.padStart(8)}`);
function printRow(name: string, results: readonly TestResult[], wall: number): void {
  const count = (outcome: string) => results.filter((r) => r.outcome === outcome).length;
  const requests = results.reduce((sum, r) => sum + r.evidence.length, 0);
  console.log(
    `${name.padEnd(34)} ${String(results.length).padStart(6)} ${String(count('pass')).padStart(5)} ${String(count('fail') + count('error')).padStart(5)} ${String(count('skip')).padStart(5)} ${String(count('omit')).padStart(5)} ${String(requests).padStart(9)} ${wall.toFixed(0).padStart(8)}`,
  );
}

for (const writable of [false, true]) {
  for (const suite of [...suites.map((s) => [s]), suites]) {
    const started = performance.now();
    const results = await runSuites(suite, { baseUrl: sandbox.baseUrl, ...sandbox.credentials, profiles, writable });
    printRow(`${suite.length === 1 ? suite[0]?.id : 'all four'} (${writable ? 'writable' : 'read-only'})`, results, performance.now() - started);
  }
}
await sandbox.close();

const fixture = await startPdsFixture();
const pdsStarted = performance.now();
const pdsResults = await runSuite(pds, { baseUrl: fixture.baseUrl, writable: true, scope: { apiPacks: ['pds'] } });
printRow('pds (writable, PDS fixture)', pdsResults, performance.now() - pdsStarted);
await fixture.close();
