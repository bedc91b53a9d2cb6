// Certificates and reporters at scale: signing and verifying the certificate of a 10,000-test run
// report, rendering the reporters, and checking that the same report always gives the same bytes.
// Run: npx tsx bench/certificates.ts [tests]
import { performance } from 'node:perf_hooks';
import { canonicalJson } from '../reports/canonical-json.js';
import { issueCertificate } from '../reports/certificate/issue.js';
import { generateSigningKey, signerFromJwk } from '../reports/certificate/signing-key.js';
import { certificateVerifier, verifyCertificate } from '../reports/certificate/verify.js';
import { fixedClock } from '../reports/clock.js';
import { collectRun, replayRun } from '../reports/collected-run.js';
import { htmlReport } from '../reports/html/index.js';
import { junitXml, testReports } from '../reports/reporters/index.js';
import { checkRunReport } from '../reports/run-report.js';
import { largeRunReport } from '../test/support/run-report-fixture.js';

const tests = Number(process.argv[2] ?? 10_000);
const rounds = 7;
const report = largeRunReport(tests);
const subject = { organisation: 'Bench Health', product: 'Bench EPR', version: '1.0', endpoint: report.target.baseUrl };
const clock = fixedClock('2025-03-02T09:00:00Z');
const key = await generateSigningKey('EdDSA', 'bench');
const signer = await signerFromJwk(key.privateJwk, 'bench');
const jwks = { keys: [key.publicJwk] };

/** Median wall time of `rounds` runs after one warm-up, in milliseconds. */
async function median<T>(work: () => Promise<T> | T): Promise<{ ms: number; result: T }> {
  let result = await work();
  const times: number[] = [];
  for (let i = 0; i < rounds; i++) {
    const start = performance.now();
    result = await work();
    times.push(performance.now() - start);
  }
  times.sort((a, b) => a - b);
  return { ms: times[Math.floor(rounds / 2)] ?? Number.NaN, result };
}

const load = await median(() => checkRunReport(JSON.parse(JSON.stringify(report)), 'report.json'));
const sign = await median(() => issueCertificate(report, signer, subject, clock));
const verify = await median(() => verifyCertificate(sign.result.jws, jwks, { clock }));
const verifyWithReport = await median(() => verifyCertificate(sign.result.jws, jwks, { clock, report }));
const verifier = certificateVerifier(jwks);
const verifyMany = await median(() => verifier.verify(sign.result.jws, { clock }));
if (!verify.result.valid || !verifyWithReport.result.valid || !verifyMany.result.valid) throw new Error('the benchmark certificate did not verify');
const run = await collectRun(replayRun(report, []));
const junit = await median(() => junitXml(run));
const testReport = await median(() => JSON.stringify(testReports(run)));
const html = await median(() => htmlReport(run));

const again = await issueCertificate(structuredClone(report), signer, subject, clock);
const againRun = await collectRun(replayRun(structuredClone(report), []));
const identical = {
  certificate: again.jws === sign.result.jws,
  junit: junitXml(againRun) === junit.result,
  testReports: JSON.stringify(testReports(againRun)) === testReport.result,
  html: htmlReport(againRun) === html.result,
};

const kb = (text: string) => `${(Buffer.byteLength(text) / 1024).toFixed(0)} KiB`;
const row = (name: string, ms: number, size?: string) => console.log(`${name.padEnd(44)} ${ms.toFixed(1).padStart(8)} ms${size === undefined ? '' : `   ${size}`}`);
console.log(`Assay certificates and reporters: ${tests} tests, ${report.suites.reduce((n, s) => n + s.requirements.length, 0)} requirements, median of ${rounds} (Node ${process.version})`);
console.log(`run report (canonical JSON)                   ${kb(canonicalJson(report))}`);
row('read and check a run report (schema, sums)', load.ms);
row('issue: build, digest and sign (Ed25519)', sign.ms, kb(sign.result.jws));
row('verify: schema compile, signature, expiry', verify.ms);
row('verify with --report (plus the report digest)', verifyWithReport.ms);
row('verify each further one (compiled verifier)', verifyMany.ms);
row('JUnit XML', junit.ms, kb(junit.result));
row('FHIR TestReports', testReport.ms, kb(testReport.result));
row('HTML report', html.ms, kb(html.result));
console.log(`same report twice gives byte-identical output: ${Object.entries(identical).map(([k, v]) => `${k} ${v ? 'yes' : 'NO'}`).join(', ')}`);
