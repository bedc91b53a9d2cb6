import { canonicalJson } from '../../reports/canonical-json.js';
import { sha256Hex } from '../../reports/digest.js';
import type { Exchange, Level, Outcome, Requirement, RunReport, SuiteInfo, TestResult } from '../../reports/model.js';
import { summarise } from '../../reports/run-report.js';

/**
 * Run reports for the reports room's tests, built the way the runner will write them (the runner is
 * built in parallel): five national suites, requirements citing their real sources, one or two recorded
 * exchanges per test. Every test passes unless `outcomes` says otherwise.
 */
export interface FixtureOptions {
  readonly outcomes?: Readonly<Record<string, Outcome>>;
  readonly terminology?: string;
  readonly suites?: readonly string[];
  readonly complete?: boolean;
  readonly runId?: string;
}

export interface Fixture {
  readonly report: RunReport;
  readonly exchanges: readonly Exchange[];
  /** The evidence file's text, as the runner writes evidence.ndjson. */
  readonly evidence: string;
}

const r4 = 'http://hl7.org/fhir/R4';
const requirements: Readonly<Record<string, readonly Requirement[]>> = {
  'fhir-r4-rest': [
    { id: 'R4-CAP-01', text: 'The server SHALL return a CapabilityStatement at /metadata', source: `${r4}/http.html#capabilities`, level: 'SHALL' },
    { id: 'R4-READ-01', text: 'A read SHALL return the resource with status 200', source: `${r4}/http.html#read`, level: 'SHALL' },
    { id: 'R4-ERR-01', text: 'Errors SHALL be returned as an OperationOutcome', source: `${r4}/operationoutcome.html`, level: 'SHALL' },
    { id: 'R4-CREATE-01', text: 'A create SHALL return 201 with a Location holding /_history/', source: `${r4}/http.html#create`, level: 'SHALL' },
    { id: 'R4-ETAG-01', text: 'A read SHOULD return an ETag W/"n"', source: `${r4}/http.html#versioning`, level: 'SHOULD' },
  ],
  'uk-core': [
    { id: 'UKCORE-PAT-01', text: 'Patient instances SHALL conform to UKCore-Patient', source: 'https://fhir.hl7.org.uk/StructureDefinition/UKCore-Patient', level: 'SHALL' },
    { id: 'UKCORE-NHSNO-01', text: 'NHS numbers SHALL pass the Modulus 11 check', source: 'https://fhir.nhs.uk/Id/nhs-number', level: 'SHALL' },
    { id: 'UKCORE-ODS-01', text: 'Organisations SHALL be identified by ODS code', source: 'https://fhir.nhs.uk/Id/ods-organization-code', level: 'SHALL' },
    { id: 'UKCORE-MS-01', text: 'Every mustSupport element SHOULD be demonstrated', source: 'https://fhir.hl7.org.uk/StructureDefinition/UKCore-Patient', level: 'SHOULD' },
  ],
  'nhs-api': [
    { id: 'NHS-API-HDR-01', text: 'X-Request-ID SHALL be mirrored in the response', source: 'https://digital.nhs.uk/developer/guides-and-documentation/reference-guide', level: 'SHALL' },
  ],
  security: [
    { id: 'SEC-AUTH-01', text: 'Patient data SHALL NOT be served without authentication', source: 'https://digital.nhs.uk/developer/guides-and-documentation/security-and-authorisation', level: 'SHALL' },
  ],
  pds: [
    { id: 'PDS-READ-01', text: 'Retrieve by NHS number SHALL return the Patient', source: 'https://digital.nhs.uk/developer/api-catalogue/personal-demographics-service-fhir', level: 'SHALL' },
  ],
};

const titles: Readonly<Record<string, string>> = {
  'fhir-r4-rest': 'FHIR R4 RESTful API',
  'uk-core': 'UK Core',
  'nhs-api': 'NHS England API conventions',
  security: 'Security',
  pds: 'Personal Demographics Service',
};

interface TestSpec {
  readonly id: string;
  readonly title: string;
  readonly level: Level;
  readonly verifies: readonly string[];
  readonly method: string;
  readonly path: string;
}

const tests: Readonly<Record<string, readonly TestSpec[]>> = {
  'fhir-r4-rest': [
    { id: 'fhir-r4-rest/capabilities/metadata', title: 'GET /metadata returns a CapabilityStatement', level: 'SHALL', verifies: ['R4-CAP-01'], method: 'GET', path: '/metadata' },
    { id: 'fhir-r4-rest/read/patient', title: 'read Patient', level: 'SHALL', verifies: ['R4-READ-01'], method: 'GET', path: '/Patient/example' },
    { id: 'fhir-r4-rest/read/unknown-id', title: 'read of an unknown id gives 404 OperationOutcome', level: 'SHALL', verifies: ['R4-ERR-01'], method: 'GET', path: '/Patient/does-not-exist' },
    { id: 'fhir-r4-rest/write/create', title: 'create Patient', level: 'SHALL', verifies: ['R4-CREATE-01'], method: 'POST', path: '/Patient' },
    { id: 'fhir-r4-rest/read/etag', title: 'read returns a weak ETag', level: 'SHOULD', verifies: ['R4-ETAG-01'], method: 'GET', path: '/Patient/example' },
  ],
  'uk-core': [
    { id: 'uk-core/UKCore-Patient/valid', title: 'Patient instances are valid UKCore-Patient', level: 'SHALL', verifies: ['UKCORE-PAT-01'], method: 'GET', path: '/Patient?_count=10' },
    { id: 'uk-core/UKCore-Patient/nhs-number', title: 'NHS numbers pass Modulus 11', level: 'SHALL', verifies: ['UKCORE-NHSNO-01'], method: 'GET', path: '/Patient?_count=10' },
    { id: 'uk-core/UKCore-Organization/ods', title: 'Organizations carry an ODS code', level: 'SHALL', verifies: ['UKCORE-ODS-01'], method: 'GET', path: '/Organization' },
    { id: 'uk-core/UKCore-Patient/must-support', title: 'mustSupport elements demonstrated', level: 'SHOULD', verifies: ['UKCORE-MS-01'], method: 'GET', path: '/Patient?_count=50' },
  ],
  'nhs-api': [
    { id: 'nhs-api/headers/x-request-id', title: 'X-Request-ID is mirrored', level: 'SHALL', verifies: ['NHS-API-HDR-01'], method: 'GET', path: '/Patient/example' },
  ],
  security: [
    { id: 'security/auth/no-token', title: 'no patient data without a token', level: 'SHALL', verifies: ['SEC-AUTH-01'], method: 'GET', path: '/Patient/example' },
  ],
  pds: [
    { id: 'pds/retrieve/by-nhs-number', title: 'retrieve by NHS number', level: 'SHALL', verifies: ['PDS-READ-01'], method: 'GET', path: '/Patient/9000000009' },
  ],
};

export const fixtureSuites = Object.keys(requirements);
export const baseUrl = 'https://fhir.example-supplier.test/R4';
const started = Date.parse('2025-03-01T10:00:00.000Z');

export function runReportFixture(options: FixtureOptions = {}): Fixture {
  const suiteIds = options.suites ?? fixtureSuites;
  const suites: SuiteInfo[] = suiteIds.map((id) => ({ id, version: id === 'uk-core' ? '2.0.2' : '1.0.0', title: titles[id] ?? id, requirements: requirements[id] ?? [] }));
  const exchanges: Exchange[] = [];
  const results: TestResult[] = [];
  let clock = started;
  for (const suite of suiteIds) {
    for (const spec of tests[suite] ?? []) {
      const outcome = options.outcomes?.[spec.id] ?? 'pass';
      const exchange = exchangeFor(spec, outcome, clock);
      clock += 40;
      exchanges.push(exchange);
      results.push(resultFor(spec, suite, outcome, exchange));
    }
  }
  const evidence = exchanges.map((exchange) => canonicalJson(exchange)).join('\n') + '\n';
  const report: RunReport = {
    reportVersion: 1,
    runId: options.runId ?? 'run-2025-03-01-0001',
    tool: { name: 'assay', version: '0.1.0' },
    startedAt: new Date(started).toISOString(),
    finishedAt: new Date(clock).toISOString(),
    complete: options.complete ?? true,
    target: { name: 'supplier', baseUrl, auth: 'bearer' },
    packages: [
      { id: 'hl7.fhir.r4.core', version: '4.0.1', sha256: sha256Hex('hl7.fhir.r4.core#4.0.1') },
      { id: 'fhir.r4.ukcore.stu2', version: '2.0.2', sha256: sha256Hex('fhir.r4.ukcore.stu2#2.0.2') },
    ],
    validator: { name: 'assay', version: '0.1.0', terminology: options.terminology ?? 'local' },
    suites,
    tests: results,
    summary: summarise(results),
    evidence: { file: 'evidence.ndjson', sha256: sha256Hex(evidence) },
  };
  return { report, exchanges, evidence };
}

function resultFor(spec: TestSpec, suite: string, outcome: Outcome, exchange: Exchange): TestResult {
  const group = spec.id.split('/')[1] ?? '';
  const base = { id: spec.id, suite, group, title: spec.title, level: spec.level, verifies: spec.verifies, outcome };
  const evidence = [{ id: exchange.id, sha256: sha256Hex(canonicalJson(exchange)) }];
  switch (outcome) {
    case 'fail':
      return {
        ...base,
        message: `expected status 200 but got 500 <script>alert("x")</script>`,
        findings: [{ severity: 'error', code: 'processing', text: 'status 500 is not 200', expression: ['Bundle.entry[0]'] }],
        evidence,
        durationMs: 41,
      };
    case 'error':
      return { ...base, message: 'TypeError: cannot read properties of undefined', evidence, durationMs: 3 };
    case 'skip':
      return { ...base, message: 'no Patient id was given (input patientId)', evidence: [], durationMs: 0 };
    case 'omit':
      return { ...base, message: 'the CapabilityStatement does not claim this interaction', evidence: [], durationMs: 0 };
    case 'pass':
      return { ...base, evidence, durationMs: 12 };
  }
}

function exchangeFor(spec: TestSpec, outcome: Outcome, at: number): Exchange {
  const status = outcome === 'fail' ? 500 : spec.method === 'POST' ? 201 : 200;
  const body = outcome === 'fail' ? '<html><script>alert("x")</script>Internal error</html>' : `{"resourceType":"${spec.path === '/metadata' ? 'CapabilityStatement' : 'Patient'}","id":"example"}`;
  return {
    id: `${spec.id}#1`,
    request: {
      method: spec.method,
      url: `${baseUrl}${spec.path}`,
      headers: { accept: 'application/fhir+json', authorization: '[redacted]', 'x-request-id': '6b1c0f1e-5f0a-4b7e-9d49-0c3a9e1d2f10' },
      ...(spec.method === 'POST' ? { body: '{"resourceType":"Patient"}' } : {}),
    },
    response: { status, headers: { 'content-type': outcome === 'fail' ? 'text/html' : 'application/fhir+json' }, body, bodyBytes: body.length },
    attempt: 1,
    timings: { startedAt: new Date(at).toISOString(), totalMs: 12, firstByteMs: 9 },
  };
}

/** A large report (for benchmarks and scale tests): `count` tests spread over 100 requirements per suite. */
export function largeRunReport(count: number): RunReport {
  const suiteIds = ['fhir-r4-rest', 'uk-core'];
  const suites: SuiteInfo[] = suiteIds.map((id) => ({
    id,
    version: '1.0.0',
    title: titles[id] ?? id,
    requirements: Array.from({ length: 100 }, (_, n) => ({
      id: `${id.toUpperCase()}-${String(n).padStart(3, '0')}`,
      text: `Requirement ${n} of ${id}`,
      source: `${r4}/http.html#read`,
      level: n % 10 === 0 ? 'SHOULD' : 'SHALL',
    })),
  }));
  const results: TestResult[] = Array.from({ length: count }, (_, n) => {
    const suite = suites[n % 2] as SuiteInfo;
    const requirement = suite.requirements[Math.floor(n / 2) % 100] as Requirement;
    return {
      id: `${suite.id}/group-${n % 37}/test-${n}`,
      suite: suite.id,
      group: `group-${n % 37}`,
      title: `Test ${n} checks ${requirement.id}`,
      level: requirement.level,
      verifies: [requirement.id],
      outcome: n % 97 === 0 ? 'fail' : 'pass',
      ...(n % 97 === 0 ? { message: 'expected 200, got 404' } : {}),
      evidence: [{ id: `${suite.id}/group-${n % 37}/test-${n}#1`, sha256: sha256Hex(String(n)) }],
      durationMs: n % 50,
    };
  });
  return {
    ...runReportFixture().report,
    runId: `large-${count}`,
    suites,
    tests: results,
    summary: summarise(results),
  };
}
