import { Client } from 'fhir-kit-client';
import type { CapabilityStatement, OperationOutcome } from 'fhir/r4.js';
import type { Finding } from '../../reports/model.js';
import type { ProfileSet } from '../../profiles/types.js';
import type { TargetInfo, TestContext } from '../dsl/context.js';
import { CheckFailure, OmitSignal, SkipSignal } from '../dsl/signals.js';
import { matchesType } from '../dsl/load.js';
import type { OutputsSpec } from '../dsl/suite.js';
import { createHttpClient } from '../transport/http-client.js';
import type { Credentials, ExchangeSink } from '../transport/recording-interceptor.js';
import type { Transport } from '../transport/transport.js';
import { createExpect } from './expect.js';

/** What a test leaves besides its outcome: findings and soft-check failures. */
export interface TestNotes {
  readonly findings: Finding[];
  readonly softFailures: string[];
}

export interface ContextOptions {
  readonly testId: string;
  readonly inputs: Readonly<Record<string, unknown>>;
  /** Outputs of the suite's earlier tests; this test adds to it. */
  readonly outputs: Map<string, unknown>;
  readonly outputSpecs: OutputsSpec;
  readonly target: TargetInfo;
  readonly capabilities: CapabilityStatement | undefined;
  readonly transport: Transport;
  readonly credentials: Credentials | undefined;
  readonly sink: ExchangeSink;
  readonly profiles: ProfileSet | undefined;
  readonly signal: AbortSignal;
  readonly notes: TestNotes;
  readonly redact: (text: string) => string;
}

/** Builds the one context a test gets (DESIGN.md, example 2). */
export function createContext(options: ContextOptions): TestContext {
  const scope = { sink: options.sink, credentials: options.credentials, signal: options.signal };
  const http = createHttpClient({
    baseUrl: options.target.baseUrl,
    dispatcher: (choice) => options.transport.dispatcher(scope, choice),
  });
  const fhir = new Client({
    baseUrl: options.target.baseUrl.replace(/\/$/, ''),
    // fhir-kit-client hands these to fetch: its traffic goes through the same recording transport; the
    // transport follows redirects itself (up to the run's maximum), so fetch must not follow more.
    requestOptions: { dispatcher: options.transport.dispatcher(scope), redirect: 'manual', signal: options.signal },
  });
  const { notes } = options;
  return {
    testId: options.testId,
    // Values were converted to their declared types when the plan was made (plan/inputs.ts).
    inputs: options.inputs as TestContext['inputs'],
    target: options.target,
    capabilities: options.capabilities,
    http,
    fhir,
    expect: createExpect(options.redact),
    signal: options.signal,
    validate: (resource, profile) => validate(options.profiles, notes, resource, profile),
    check(condition, message) {
      if (!condition) notes.softFailures.push(message);
      return condition;
    },
    note(text) {
      notes.findings.push({ severity: 'information', code: 'informational', text });
    },
    skip(reason): never {
      throw new SkipSignal(reason);
    },
    omit(reason): never {
      throw new OmitSignal(reason);
    },
    output(key, value) {
      const spec = options.outputSpecs[key];
      if (spec === undefined || !matchesType(value, spec.type)) {
        throw new TypeError(`output "${key}" is not declared by the suite as ${spec?.type ?? 'anything'}`);
      }
      options.outputs.set(key, value);
    },
    need(key) {
      if (!options.outputs.has(key)) {
        throw new SkipSignal(`needs "${key}" from an earlier test, and no earlier test produced it`);
      }
      return options.outputs.get(key) as never;
    },
  };
}

async function validate(
  profiles: ProfileSet | undefined,
  notes: TestNotes,
  resource: unknown,
  profile: string | undefined,
): Promise<OperationOutcome> {
  if (profiles === undefined) {
    throw new Error('ctx.validate needs FHIR packages, and the suite declares none in "packages"');
  }
  const outcome = await profiles.validate(resource, profile === undefined ? {} : { profiles: [profile] });
  const findings = (outcome.issue ?? []).map(
    (issue): Finding => ({
      severity: issue.severity,
      code: issue.code,
      text: issue.details?.text ?? issue.diagnostics ?? issue.code,
      ...(issue.expression === undefined ? {} : { expression: issue.expression }),
    }),
  );
  notes.findings.push(...findings);
  const errors = findings.filter((finding) => finding.severity === 'error' || finding.severity === 'fatal');
  const first = errors[0];
  if (first !== undefined) {
    const where = first.expression?.[0] === undefined ? '' : `${first.expression[0]}: `;
    throw new CheckFailure(
      `${describe(resource)} does not conform${profile === undefined ? '' : ` to ${profile}`}: ${errors.length} error${errors.length === 1 ? '' : 's'}, the first: ${where}${first.text}`,
    );
  }
  return outcome;
}

function describe(resource: unknown): string {
  if (typeof resource !== 'object' || resource === null) return 'the value';
  const record = resource as { resourceType?: unknown; id?: unknown };
  if (typeof record.resourceType !== 'string') return 'the value';
  return typeof record.id === 'string' ? `${record.resourceType}/${record.id}` : `the ${record.resourceType}`;
}
