/**
 * The run report model: what the runner emits (as events) and what every reporter, the certificate,
 * scoring, gates and diff read. It is plain serializable data so a run can be executed by a queue worker
 * and handed back. The runner owns producing it; reports/ owns its canonical JSON and schema.
 */

/** The closed set of test outcomes (DESIGN.md, example 3). */
export type Outcome = 'pass' | 'fail' | 'skip' | 'omit' | 'error';

/** Requirement strength as written in the source (RFC 2119 style, as FHIR and NHS England use it). */
export type Level = 'SHALL' | 'SHOULD' | 'MAY';

/** One requirement a suite verifies, as declared in its requirements.json. */
export interface Requirement {
  /** Stable id, e.g. `NHS-API-HDR-01`. */
  readonly id: string;
  readonly text: string;
  /** Where the requirement is written, e.g. `http://hl7.org/fhir/R4/http.html#read`. */
  readonly source: string;
  readonly level: Level;
}

/** One HTTP exchange a test caused, with secrets already redacted. */
export interface Exchange {
  /** Stable within a run report: `<test id>#<n>`, n counting from 1 in the order the test sent them. */
  readonly id: string;
  readonly request: {
    readonly method: string;
    readonly url: string;
    readonly headers: Readonly<Record<string, string>>;
    readonly body?: string;
    readonly bodyTruncated?: boolean;
  };
  readonly response?: {
    readonly status: number;
    readonly headers: Readonly<Record<string, string>>;
    readonly body?: string;
    /** Bytes received, even when the stored body was cut at the cap. */
    readonly bodyBytes: number;
    readonly bodyTruncated?: boolean;
  };
  /** Set when no complete response arrived: timeout, connection reset, size cap exceeded, ... */
  readonly error?: string;
  /** 1 for the first try; retries of idempotent requests on connection errors count up. */
  readonly attempt: number;
  readonly timings: {
    readonly startedAt: string;
    readonly totalMs: number;
    readonly firstByteMs?: number;
  };
  readonly tls?: {
    readonly protocol: string;
    readonly cipher: string;
    readonly certificates: readonly {
      readonly subject: string;
      readonly issuer: string;
      readonly validFrom: string;
      readonly validTo: string;
      readonly sha256Fingerprint: string;
    }[];
  };
}

/** A reference from a test result to an exchange stored in the sibling evidence file. */
export interface EvidenceRef {
  readonly id: string;
  /** sha256 (hex) of the exchange's canonical JSON in the evidence file. */
  readonly sha256: string;
}

/** A finding attached to a result, in FHIR's OperationOutcome issue shape. */
export interface Finding {
  readonly severity: 'fatal' | 'error' | 'warning' | 'information';
  readonly code: string;
  readonly text: string;
  readonly expression?: readonly string[];
}

export interface TestResult {
  /** Stable across runs and releases: `<suite>/<group>/<test>`. */
  readonly id: string;
  readonly suite: string;
  readonly group: string;
  readonly title: string;
  readonly level: Level;
  readonly verifies: readonly string[];
  readonly outcome: Outcome;
  /** Why it failed, was skipped (the missing prerequisite) or omitted (why it does not apply). */
  readonly message?: string;
  readonly findings?: readonly Finding[];
  readonly evidence: readonly EvidenceRef[];
  readonly durationMs: number;
}

export interface SuiteInfo {
  readonly id: string;
  readonly version: string;
  readonly title: string;
  readonly requirements: readonly Requirement[];
}

export interface PackageInfo {
  readonly id: string;
  readonly version: string;
  readonly sha256: string;
}

export interface RunSummary {
  readonly total: number;
  readonly pass: number;
  readonly fail: number;
  readonly skip: number;
  readonly omit: number;
  readonly error: number;
  /** Failed or errored tests whose level is SHALL: these fail the run. */
  readonly shallFailures: number;
  /** Failed tests whose level is SHOULD: warnings, counted in the score. */
  readonly shouldFailures: number;
}

export interface RunReport {
  readonly reportVersion: 1;
  /** Stable id of the run. */
  readonly runId: string;
  readonly tool: { readonly name: 'assay'; readonly version: string };
  readonly startedAt: string;
  readonly finishedAt: string;
  /** False when the run was interrupted (Ctrl-C) or aborted: the report is partial. */
  readonly complete: boolean;
  readonly target: {
    readonly name: string;
    readonly baseUrl: string;
    /** The auth method used (`none`, `bearer`, `client-credentials`, ...), never a secret. */
    readonly auth: string;
  };
  readonly packages: readonly PackageInfo[];
  readonly validator: { readonly name: string; readonly version: string; readonly terminology: string };
  readonly suites: readonly SuiteInfo[];
  readonly tests: readonly TestResult[];
  readonly summary: RunSummary;
  /** The sibling file holding every exchange, and its sha256. */
  readonly evidence: { readonly file: string; readonly sha256: string };
}

/** What is known of a run before its first test: everything in the report but the results. */
export type RunHeader = Omit<RunReport, 'finishedAt' | 'complete' | 'tests' | 'summary' | 'evidence'>;

/**
 * The typed event stream the runner emits and reporters fold (DESIGN.md, example 10). The run report is a
 * pure fold of these events: `run-started` carries the header, each test its result and its exchanges.
 */
export type RunEvent =
  | { readonly kind: 'run-started'; readonly header: RunHeader; readonly plannedTests: number }
  | { readonly kind: 'test-started'; readonly testId: string; readonly title: string; readonly at: string }
  | { readonly kind: 'exchange'; readonly testId: string; readonly exchange: Exchange }
  | { readonly kind: 'test-finished'; readonly result: TestResult }
  | { readonly kind: 'run-finished'; readonly at: string; readonly complete: boolean; readonly summary: RunSummary };

/** A reporter folds the event stream into its output and shares nothing else with other reporters. */
export interface Reporter {
  readonly name: string;
  fold(events: AsyncIterable<RunEvent>): Promise<void>;
}
