// Wall time of a full run of the fhir-r4-rest, nhs-api and security suites against the sandbox on loopback
// (auth on, every resource type the sandbox serves), read-only (the default) and writable:
// `npx tsx bench/suites-wall-time.ts`. Suites and sandbox share this process, as in the project's tests.
// It prints figures only; nothing here passes or fails on time.
import fhirR4Rest from '../suites/fhir-r4-rest/index.js';
import nhsApi from '../suites/nhs-api/index.js';
import security from '../suites/security/index.js';
import { nationalProfiles, startSuiteSandbox } from '../test/suites/national-run.js';
import { runSuites } from '../test/suites/run-suite.js';

const suites = [fhirR4Rest, nhsApi, security];
const loadStarted = performance.now();
const { profiles } = await nationalProfiles();
const sandbox = await startSuiteSandbox(profiles, { auth: true });
console.log(`FHIR packages and sandbox ready in ${(performance.now() - loadStarted).toFixed(0)} ms (Node ${process.version}, concurrency 4, no rate limit)`);
console.log('');
console.log(`${'run'.padEnd(34)} ${'tests'.padStart(6)} ${'pass'.padStart(5)} ${'fail'.padStart(5)} ${'skip'.padStart(5)} ${'omit'.padStart(5)} ${'requests'.padStart(9)} ${'wall ms'.padStart(8)}`);
for (const writable of [false, true]) {
  for (const suite of [...suites.map((s) => [s]), suites]) {
    const started = performance.now();
    const results = await runSuites(suite, { baseUrl: sandbox.baseUrl, ...sandbox.credentials, profiles, writable });
    const wall = performance.now() - started;
    const count = (outcome: string) => results.filter((r) => r.outcome === outcome).length;
    const requests = results.reduce((sum, r) => sum + r.evidence.length, 0);
    const name = `${suite.length === 1 ? suite[0]?.id : 'all three'} (${writable ? 'writable' : 'read-only'})`;
    console.log(
      `${name.padEnd(34)} ${String(results.length).padStart(6)} ${String(count('pass')).padStart(5)} ${String(count('fail') + count('error')).padStart(5)} ${String(count('skip')).padStart(5)} ${String(count('omit')).padStart(5)} ${String(requests).padStart(9)} ${wall.toFixed(0).padStart(8)}`,
    );
  }
}
await sandbox.close();
