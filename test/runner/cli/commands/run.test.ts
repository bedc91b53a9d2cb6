import { expect } from 'chai';
import { createHash } from 'node:crypto';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Exchange, RunReport } from '../../../../reports/model.js';
import { canonicalJson } from '../../../../reports/canonical-json.js';
import { runAssay } from '../../../support/assay-binary.js';
import type { FhirServer } from '../../../support/fhir-server.js';
import { startFhirServer } from '../../../support/fhir-server.js';
import { repoRoot } from '../../../support/paths.js';

const demoSuite = join(repoRoot, 'test', 'fixtures', 'suites', 'demo-rest', 'index.ts');

describe('assay run', () => {
  let dir: string;
  let server: FhirServer;
  before(async () => (server = await startFhirServer()));
  after(() => server.close());
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'assay-run-'));
    server.seen.length = 0;
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  function config(target: Record<string, unknown> = {}): void {
    writeFileSync(
      join(dir, 'assay.config.yaml'),
      JSON.stringify({
        suiteModules: [demoSuite],
        targets: { local: { baseUrl: server.base, inputs: { patientId: '9000000009', nhsNumber: '9000000009' }, ...target } },
      }),
    );
  }

  function readReport(): { report: RunReport; evidence: string; exchanges: Exchange[] } {
    const report = JSON.parse(readFileSync(join(dir, 'assay-report', 'report.json'), 'utf8')) as RunReport;
    const evidence = readFileSync(join(dir, 'assay-report', 'evidence.ndjson'), 'utf8');
    const exchanges = evidence.trimEnd().split('\n').map((line) => JSON.parse(line) as Exchange);
    return { report, evidence, exchanges };
  }

  it('runs a suite, prints a line per test on CI and writes the canonical report with its evidence', async () => {
    config();
    const result = await runAssay(
      ['run', '--target', 'local', '--suite', 'demo-rest', '--rate-limit', '0', '--reporter', 'junit', '--reporter', 'html', '--reporter', 'testreport'],
      { cwd: dir },
    );
    expect(result.stderr).to.equal('');
    expect(result.code).to.equal(0);
    expect(readdirSync(join(dir, 'assay-report')).sort()).to.deep.equal(['evidence.ndjson', 'junit.xml', 'report.html', 'report.json', 'testreport']);
    const lines = result.stdout.split('\n');
    expect(lines[0]).to.equal(`assay 0.1.0: 5 tests of demo-rest 1.0.0 against local (${server.base}/), auth none`);
    expect(result.stdout).to.match(/^PASS {2}demo-rest\/read\/patient-read {2}\d+ ms$/m);
    expect(result.stdout).to.match(/^OMIT {2}demo-rest\/write\/patient-create {2}\d+ ms\n {6}the test writes to the target and target local is not declared writable/m);
    expect(result.stdout).to.contain('\ndemo-rest 1.0.0: pass\n');
    expect(result.stdout).to.match(/^5 tests: 4 passed, 0 failed, 0 errors, 0 skipped, 1 omitted; 0 SHALL failures, 0 SHOULD; \d+\.\d s$/m);
    expect(result.stdout).to.contain(`report: ${join('assay-report', 'report.json')}\n`);

    const { report, evidence, exchanges } = readReport();
    expect(readFileSync(join(dir, 'assay-report', 'report.json'), 'utf8')).to.equal(canonicalJson(report));
    expect(report).to.deep.include({ reportVersion: 1, complete: true });
    expect(report.target).to.deep.equal({ name: 'local', baseUrl: `${server.base}/`, auth: 'none' });
    expect(report.evidence).to.deep.equal({ file: 'evidence.ndjson', sha256: createHash('sha256').update(evidence).digest('hex') });
    expect(report.tests.map((test) => [test.id, test.outcome])).to.deep.equal([
      ['demo-rest/read/patient-etag', 'pass'],
      ['demo-rest/read/patient-read', 'pass'],
      ['demo-rest/read/patient-read-fhir', 'pass'],
      ['demo-rest/search/patient-by-identifier', 'pass'],
      ['demo-rest/write/patient-create', 'omit'],
    ]);
    expect(report.summary).to.deep.equal({ total: 5, pass: 4, fail: 0, skip: 0, omit: 1, error: 0, shallFailures: 0, shouldFailures: 0 });
    // Every reference resolves to a line of the evidence file with that hash.
    const byId = new Map(exchanges.map((exchange) => [exchange.id, exchange]));
    for (const test of report.tests) {
      for (const ref of test.evidence) {
        const exchange = byId.get(ref.id);
        expect(exchange, ref.id).to.not.equal(undefined);
        expect(createHash('sha256').update(canonicalJson(exchange)).digest('hex')).to.equal(ref.sha256);
      }
    }
    expect(exchanges[0]?.id).to.equal('setup#1');
    expect(exchanges[0]?.request.url).to.equal(`${server.base}/metadata`);
    expect(report.tests[2]?.evidence.map((ref) => ref.id)).to.deep.equal(['demo-rest/read/patient-read-fhir#1']);
  });

  it('fails (exit 1) when a required test fails, and omits what the CapabilityStatement does not claim', async () => {
    const other = await startFhirServer({ claimSearch: false });
    try {
      writeFileSync(
        join(dir, 'assay.config.json'),
        JSON.stringify({ suiteModules: [demoSuite], targets: { other: { baseUrl: other.base, writable: true, inputs: { patientId: '404' } } } }),
      );
      const result = await runAssay(['run', '--target', 'other', '--suite', 'demo-rest'], { cwd: dir });
      expect(result.code).to.equal(1);
      const { report } = readReport();
      const outcome = Object.fromEntries(report.tests.map((test) => [test.id, [test.outcome, test.message]]));
      expect(outcome['demo-rest/read/patient-read']).to.deep.equal([
        'fail',
        'HTTP status: expected 200, got 404 [demo-rest/read/patient-read#1]: no such Patient',
      ]);
      expect(outcome['demo-rest/read/patient-read-fhir']).to.deep.equal([
        'fail',
        `GET ${other.base}/Patient/404: expected a 2xx response, got HTTP 404: no such Patient`,
      ]);
      expect(outcome['demo-rest/read/patient-etag']).to.deep.equal(['skip', 'prerequisite demo-rest/read/patient-read did not pass (fail)']);
      expect(outcome['demo-rest/search/patient-by-identifier']).to.deep.equal([
        'omit',
        'the CapabilityStatement does not claim search-type on Patient',
      ]);
      expect(outcome['demo-rest/write/patient-create']).to.deep.equal(['omit', 'the CapabilityStatement does not claim create on Patient']);
      const searchTest = report.tests.find((test) => test.id === 'demo-rest/search/patient-by-identifier');
      expect(searchTest?.evidence.map((ref) => ref.id)).to.deep.equal(['setup#1']);
      expect(report.summary.shallFailures).to.equal(2);
    } finally {
      await other.close();
    }
  });

  it('selects by glob and tag, pulls in prerequisites, and prints the plan without sending anything', async () => {
    config();
    const result = await runAssay(['run', '--target', 'local', '--suite', 'demo-rest', '--test', 'demo-rest/read/patient-e*', '--dry-run'], { cwd: dir });
    expect(result.code).to.equal(0);
    expect(server.seen).to.deep.equal([]);
    expect(result.stdout).to.equal(
      [
        `Plan: 2 tests (0 omitted by the declared scope) against local (${server.base}/)`,
        'auth none; 4 at a time; at most 20 requests/s; timeouts 30 s a request, 120 s a test; responses up to 10485760 bytes',
        '',
        'demo-rest 1.0.0: Demo REST suite (runner tests only)',
        '  inputs: patientId=9000000009, nhsNumber=9000000009, pageSize=10',
        '  demo-rest/read/patient-read  SHALL   Reads a Patient by id (selected as a prerequisite)',
        '  demo-rest/read/patient-etag  SHOULD  The read carried an ETag (after demo-rest/read/patient-read)',
        '',
        "Nothing was sent. When the run starts, the target's CapabilityStatement is read and may omit more tests.",
        '',
      ].join('\n'),
    );
    const tagged = await runAssay(['run', '--target', 'local', '--suite', 'demo-rest', '--tag', 'search', '--dry-run'], { cwd: dir });
    expect(tagged.stdout).to.contain('  demo-rest/search/patient-by-identifier  SHALL   Searches Patient by NHS number\n');
    expect(tagged.stdout).to.match(/^Plan: 1 test /);
  });

  it('issues a self-assessed certificate after a complete run with --certify, which verifies offline', async () => {
    config();
    const keys = await runAssay(['keys', 'generate', '--out', 'keys'], { cwd: dir });
    expect(keys.code).to.equal(0);
    const result = await runAssay(
      ['run', '--target', 'local', '--suite', 'demo-rest', '--certify', 'keys/issuer.private.jwk', '--organisation', 'Acme Health', '--product', 'Acme EPR', '--product-version', '4.2'],
      { cwd: dir },
    );
    expect(result.code).to.equal(0);
    expect(result.stdout).to.contain(`certificate ${join(dir, 'assay-report', 'certificate.jws')}\n`);
    expect(result.stdout).to.contain('  Acme Health, Acme EPR 4.2 at ');
    expect(result.stdout).to.match(/^ {2}self-assessed, issued by Acme Health \(key [^)]+\), valid until \d{4}-/m);
    const verify = await runAssay(['verify', 'assay-report/certificate.jws', '--jwks', 'keys/issuer.jwks.json', '--report', 'assay-report/report.json'], { cwd: dir });
    expect(verify.code, verify.stderr).to.equal(0);
    expect(verify.stdout).to.match(/^certificate VALID: /);
    const privateKey = JSON.parse(readFileSync(join(dir, 'keys', 'issuer.private.jwk'), 'utf8')) as { d: string };
    for (const name of readdirSync(join(dir, 'assay-report')).filter((file) => file.includes('.'))) {
      expect(readFileSync(join(dir, 'assay-report', name), 'utf8'), name).not.to.contain(privateKey.d);
    }
  });

  it('refuses --certify without a subject, and a subject without --certify, before sending anything', async () => {
    config();
    const noSubject = await runAssay(['run', '--target', 'local', '--suite', 'demo-rest', '--certify', 'missing.jwk'], { cwd: dir });
    expect(noSubject.code).to.equal(2);
    expect(noSubject.stderr).to.equal(
      'assay: --certify needs --organisation NAME and --product NAME: the certificate says whose product was tested; e.g. --certify keys/issuer.private.jwk --organisation "Acme Health" --product "Acme EPR"\n',
    );
    const noCertify = await runAssay(['run', '--target', 'local', '--suite', 'demo-rest', '--product', 'Acme EPR'], { cwd: dir });
    expect(noCertify.code).to.equal(2);
    expect(noCertify.stderr).to.equal('assay: --product names the subject of a certificate, but no certificate was asked for; add --certify KEY, or leave it out\n');
    const missingKey = await runAssay(['run', '--target', 'local', '--suite', 'demo-rest', '--certify', 'missing.jwk', '--organisation', 'Acme', '--product', 'EPR'], { cwd: dir });
    expect(missingKey.code).to.equal(2);
    expect(missingKey.stderr).to.match(/^assay: .*missing\.jwk/);
    expect(server.seen).to.deep.equal([]);
    expect(existsSync(join(dir, 'assay-report'))).to.equal(false);
  });

  it('re-runs only what failed in an earlier report', async () => {
    config({ inputs: { patientId: '404' } });
    const first = await runAssay(['run', '--target', 'local', '--suite', 'demo-rest'], { cwd: dir });
    expect(first.code).to.equal(1);
    const again = await runAssay(['run', '--target', 'local', '--only-failed', 'assay-report/report.json', '--dry-run'], { cwd: dir });
    expect(again.code).to.equal(0);
    expect(again.stdout).to.match(/^Plan: 2 tests /);
    expect(again.stdout).to.contain('demo-rest/read/patient-read ');
    expect(again.stdout).to.contain('demo-rest/read/patient-read-fhir ');
  });

  it('takes inputs from the command line and the environment, typed', async () => {
    writeFileSync(join(dir, 'assay.config.json'), JSON.stringify({ suiteModules: [demoSuite], targets: { local: { baseUrl: server.base } } }));
    const result = await runAssay(
      ['run', '--target', 'local', '--suite', 'demo-rest', '--input', 'patientId=123', '--dry-run'],
      { cwd: dir, env: { ASSAY_INPUT_PAGE_SIZE: '25' } },
    );
    expect(result.stderr).to.equal('');
    expect(result.stdout).to.contain('  inputs: patientId=123, pageSize=25\n');
    const missing = await runAssay(['run', '--target', 'local', '--suite', 'demo-rest', '--dry-run'], { cwd: dir });
    expect(missing.code).to.equal(2);
    expect(missing.stderr).to.equal(
      'assay: suite demo-rest needs input patientId (A Patient id the target holds); set them in the config under the target\'s "inputs", with --input KEY=VALUE, or in ASSAY_INPUT_<KEY>\n',
    );
    const typed = await runAssay(['run', '--target', 'local', '--suite', 'demo-rest', '--input', 'patientId=1', '--input', 'pageSize=ten', '--dry-run'], { cwd: dir });
    expect(typed.stderr).to.equal(
      'assay: --input pageSize must be a number (got "ten"); set them in the config under the target\'s "inputs", with --input KEY=VALUE, or in ASSAY_INPUT_<KEY>\n',
    );
  });

  describe('bad input: one message and the documented exit code', () => {
    it('an unknown suite (2)', async () => {
      config();
      const result = await runAssay(['run', '--target', 'local', '--suite', 'demo-rst'], { cwd: dir });
      expect(result).to.deep.include({ code: 2, stdout: '' });
      expect(result.stderr).to.equal('assay: unknown suite "demo-rst"; did you mean "demo-rest"? "assay suites" lists the suites\n');
    });

    it('an unknown target (2)', async () => {
      config();
      const result = await runAssay(['run', '--target', 'prod', '--suite', 'demo-rest'], { cwd: dir });
      expect(result.code).to.equal(2);
      expect(result.stderr).to.equal('assay: unknown target "prod" in assay.config.yaml; targets there: local\n');
    });

    it('a bad config key (2)', async () => {
      writeFileSync(join(dir, 'assay.config.yaml'), `targets:\n  local:\n    baseUrl: ${server.base}\n    rateLimit: 5\n`);
      const result = await runAssay(['run', '--target', 'local', '--suite', 'demo-rest'], { cwd: dir });
      expect(result.code).to.equal(2);
      expect(result.stderr).to.equal(
        'assay: assay.config.yaml:4:5: targets.local.rateLimit is not a known key; allowed here: baseUrl, description, auth, headers, writable, scope, tls, inputs, suites, run; see "Configuration" in the README\n',
      );
    });

    it('an unreadable key file (2)', async () => {
      config({ auth: { type: 'signed-jwt', tokenUrl: `${server.origin}/token`, clientId: 'k', kid: 'k1', privateKey: { file: 'keys/missing.pem' } } });
      const result = await runAssay(['run', '--target', 'local', '--suite', 'demo-rest'], { cwd: dir });
      const column = readFileSync(join(dir, 'assay.config.yaml'), 'utf8').indexOf('"local"') + 1;
      expect(result.code).to.equal(2);
      expect(result.stderr).to.equal(
        `assay: assay.config.yaml:1:${column}: targets.local.auth.privateKey: cannot read ${join(dir, 'keys', 'missing.pem')} (ENOENT); check the path (relative paths are relative to the config file) and its permissions\n`,
      );
    });

    it('an unreachable host (3), with no report written', async () => {
      config({ baseUrl: 'http://127.0.0.1:9/fhir' });
      const result = await runAssay(['run', '--target', 'local', '--suite', 'demo-rest', '--rate-limit', '0'], { cwd: dir });
      expect(result.code).to.equal(3);
      expect(result.stdout).to.equal('');
      expect(result.stderr).to.equal(
        'assay: cannot reach target local: GET http://127.0.0.1:9/fhir/metadata: cannot connect to 127.0.0.1:9 (ECONNREFUSED); check the base URL and that the server is up and reachable from here\n',
      );
      expect(existsSync(join(dir, 'assay-report'))).to.equal(false);
    });

    it('a TLS failure (3), naming the fix for a private CA', async () => {
      const tls = await startFhirServer({ https: true });
      try {
        config();
        const result = await runAssay(['run', '--target', tls.base, '--suite', 'demo-rest', '--input', 'patientId=1'], { cwd: dir });
        expect(result.code).to.equal(3);
        expect(result.stderr).to.equal(
          `assay: cannot reach target ${tls.base}: GET ${tls.base}/metadata: TLS failure with ${tls.origin.slice(8)}: self-signed certificate in certificate chain (SELF_SIGNED_CERT_IN_CHAIN); if the server uses a private CA (e.g. on HSCN), give it as tls.ca for the target in the config\n`,
        );
      } finally {
        await tls.close();
      }
    });

    it('a --token-env variable that is not set (2)', async () => {
      const result = await runAssay(['run', '--target', server.base, '--suite', 'demo-rest', '--token-env', 'ASSAY_TEST_NO_SUCH_TOKEN'], { cwd: dir });
      expect(result).to.deep.include({
        code: 2,
        stderr: 'assay: --token-env ASSAY_TEST_NO_SUCH_TOKEN: the environment variable ASSAY_TEST_NO_SUCH_TOKEN is not set; export ASSAY_TEST_NO_SUCH_TOKEN=<token> first\n',
      });
    });

    it('an --out that cannot be written (2), found before anything is sent', async () => {
      config();
      writeFileSync(join(dir, 'taken'), 'a file where the folder would go');
      const result = await runAssay(['run', '--target', 'local', '--suite', 'demo-rest', '--out', 'taken/report'], { cwd: dir });
      expect(result).to.deep.include({ code: 2, stdout: '' });
      expect(result.stderr).to.equal(`assay: --out ${join(dir, 'taken', 'report')} cannot be written (ENOTDIR); choose another --out folder\n`);
      expect(server.seen).to.deep.equal([]);
      expect(readdirSync(dir).sort()).to.deep.equal(['assay.config.yaml', 'taken']);
    });

    it('leaves no trace of the check on a folder it had to make, when the run cannot start', async () => {
      config({ baseUrl: 'http://127.0.0.1:9/fhir' });
      const result = await runAssay(['run', '--target', 'local', '--suite', 'demo-rest', '--out', 'new/nested/out'], { cwd: dir });
      expect(result.code).to.equal(3);
      expect(readdirSync(dir)).to.deep.equal(['assay.config.yaml']);
    });

    it('an unknown reporter (2)', async () => {
      config();
      const result = await runAssay(['run', '--target', 'local', '--suite', 'demo-rest', '--reporter', 'jnuit'], { cwd: dir });
      expect(result.code).to.equal(2);
      expect(result.stderr).to.match(/^assay: unknown reporter "jnuit"; .*reporters: console, json/);
    });
  });
});
