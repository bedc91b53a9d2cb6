/**
 * The one typed context a test gets (DESIGN.md, example 2). Everything a test does to the target goes
 * through `http` or `fhir`, both on the run's recording transport, so every exchange becomes evidence of
 * the test without the test doing anything. Checks throw; the runner catches in one place.
 */
import type { Client } from 'fhir-kit-client';
import type { CapabilityStatement, FhirResource, OperationOutcome } from 'fhir/r4.js';
import type { Inputs, InputsSpec, OutputsSpec, ValueOf } from './suite.js';

export interface HttpRequest {
  /** Default GET. */
  readonly method?: string;
  /** Relative to the target's base URL (`Patient/9000000009`), or absolute. */
  readonly url: string;
  readonly headers?: Readonly<Record<string, string>>;
  readonly body?: string | Uint8Array;
  /** Sends this value as JSON with `content-type: application/fhir+json` (instead of `body`). */
  readonly json?: unknown;
  /** Follow redirects (default, up to the run's maximum) or return the 3xx as it is. */
  readonly redirect?: 'follow' | 'manual';
  /** Send the target's credentials (default). `false` tests what the target does without them. */
  readonly auth?: boolean;
}

export interface HttpResponse {
  readonly status: number;
  /** Lower-case names; repeated headers joined with `, ` (set-cookie with `\n`). */
  readonly headers: Readonly<Record<string, string>>;
  readonly text: string;
  /** The parsed body; a body that is not JSON fails the test, naming the request. */
  json(): unknown;
  /** The URL that answered, after redirects. */
  readonly url: string;
  /** The evidence id of the exchange that produced this response (`<test id>#<n>`). */
  readonly exchangeId: string;
}

/** Raw HTTP on the recording transport. Transport failures (timeouts, resets, size cap) reject. */
export interface HttpClient {
  request(request: HttpRequest): Promise<HttpResponse>;
  get(url: string, options?: Omit<HttpRequest, 'url' | 'method'>): Promise<HttpResponse>;
  post(url: string, options?: Omit<HttpRequest, 'url' | 'method'>): Promise<HttpResponse>;
  put(url: string, options?: Omit<HttpRequest, 'url' | 'method'>): Promise<HttpResponse>;
  delete(url: string, options?: Omit<HttpRequest, 'url' | 'method'>): Promise<HttpResponse>;
}

type ResourceType = FhirResource['resourceType'];

/**
 * Checks. Each one that does not hold throws and makes the test `fail` with its message; `what` names the
 * thing checked, e.g. `expect.equal(patient.id, id, 'Patient.id')`. Checks return the checked value, typed
 * (TypeScript cannot narrow through `ctx.expect.x(...)` assertions on a contextually typed `ctx`).
 */
export interface Expect {
  that(condition: unknown, message: string): void;
  equal<T>(actual: unknown, expected: T, what: string): T;
  oneOf<T>(actual: unknown, allowed: readonly T[], what: string): T;
  defined<T>(value: T, what: string): NonNullable<T>;
  match(value: string | undefined, pattern: RegExp, what: string): string;
  /** The response status is `expected` (or one of them). */
  status(response: HttpResponse, expected: number | readonly number[]): void;
  /** The header is present (and matches `pattern`); returns its value. */
  header(response: HttpResponse, name: string, pattern?: RegExp): string;
  /** The value is a FHIR resource of `type`; returns it typed. */
  resource<T extends ResourceType>(value: unknown, type: T): Extract<FhirResource, { resourceType: T }>;
  fail(message: string): never;
}

/** What the test knows of the target; never a secret. */
export interface TargetInfo {
  readonly name: string;
  /** Always ends with `/`. */
  readonly baseUrl: string;
  readonly writable: boolean;
}

export interface TestContext<I extends InputsSpec = InputsSpec, O extends OutputsSpec = OutputsSpec> {
  /** `<suite>/<group>/<test>`. */
  readonly testId: string;
  readonly inputs: Inputs<I>;
  readonly target: TargetInfo;
  /** The target's CapabilityStatement as fetched before the first test, if it served one. */
  readonly capabilities: CapabilityStatement | undefined;
  readonly http: HttpClient;
  /** fhir-kit-client on the same recording transport, with the target's base URL. */
  readonly fhir: Client;
  /**
   * Validates a resource against the base spec, its meta.profile and `profile`, with the run's
   * ProfileSet. Every issue becomes a finding of the test; an error or fatal issue fails it.
   */
  validate(resource: unknown, profile?: string): Promise<OperationOutcome>;
  readonly expect: Expect;
  /** A soft check: records a failure and carries on; the test fails at its end. Returns `condition`. */
  check(condition: boolean, message: string): boolean;
  /** Adds an information finding to the result. */
  note(text: string): void;
  /** A prerequisite is missing: the test is `skip`; say what was missing. */
  skip(reason: string): never;
  /** The test does not apply to this target: `omit`; say why. */
  omit(reason: string): never;
  /** Hands a value to later tests (which must `dependsOn` this one). */
  output<K extends keyof O & string>(key: K, value: ValueOf<O[K]>): void;
  /** A value an earlier test handed on; if none did, the test is skipped naming it. */
  need<K extends keyof O & string>(key: K): ValueOf<O[K]>;
  /** Aborted when the test times out or the run is interrupted. */
  readonly signal: AbortSignal;
}
