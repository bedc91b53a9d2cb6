import { randomUUID } from 'node:crypto';
import type { CapabilityStatement } from 'fhir/r4.js';
import type { ProfileSet } from '../../profiles/types.js';
import type { RunEvent, RunHeader, RunSummary, TestResult } from '../../reports/model.js';
import { summarise } from '../../reports/run-report.js';
import { createAuth } from '../auth/providers.js';
import { targetCredentials } from '../auth/credentials.js';
import type { SecretSource } from '../config/secrets.js';
import type { LoadedSuite } from '../dsl/load.js';
import { UnreachableError } from '../errors.js';
import { assayVersion } from '../package-root.js';
import type { RunPlan } from '../plan/plan.js';
import { createHttpClient } from '../transport/http-client.js';
import { Redactor } from '../transport/redact.js';
import type { Transport } from '../transport/transport.js';
import { createTransport } from '../transport/transport.js';
import { TransportError } from '../transport/transport-error.js';
import { readRunSecrets } from './run-secrets.js';
import type { RunEnvironment } from './run-test.js';
import { runTests } from './schedule.js';
import { TestSink } from './test-sink.js';

export interface RunOptions {
  readonly plan: RunPlan;
  /** The loaded suites the plan names. */
  readonly suites: readonly LoadedSuite[];
  readonly emit: (event: RunEvent) => void;
  /** Aborting it interrupts the run: nothing new starts, the report is marked incomplete. */
  readonly interrupt: AbortSignal;
  /** Where secrets referenced by `{ "env": ... }` are read. */
  readonly env: Readonly<Record<string, string | undefined>>;
  /** The compiled profiles `ctx.validate` uses; needed when the plan names packages. */
  readonly profiles?: ProfileSet;
  readonly now?: () => number;
}

export interface RunOutcome {
  readonly complete: boolean;
  readonly summary: RunSummary;
  readonly results: readonly TestResult[];
  /** What became of the CapabilityStatement request, for the console. */
  readonly capabilities: string;
}

/**
 * Executes a plan: reads its secrets, authenticates and fetches the CapabilityStatement (set-up; a
 * target that cannot be reached stops here with exit 3 and no report), then emits the run's events:
 * run-started, the set-up's exchanges, every test's, run-finished.
 */
export async function executePlan(options: RunOptions): Promise<RunOutcome> {
  const { plan } = options;
  const now = options.now ?? Date.now;
  const startedAt = new Date(now()).toISOString();
  const redactor = new Redactor(plan.target.redact);
  const secrets: SecretSource = { env: options.env, redactor };
  const material = readRunSecrets(plan, secrets);
  const settings = plan.target.settings;
  const transport = createTransport({
    limits: {
      maxResponseBytes: settings.maxResponseBytes,
      maxEvidenceBodyBytes: settings.maxEvidenceBodyBytes,
      requestTimeoutMs: settings.timeouts.requestSeconds * 1000,
      connectTimeoutMs: settings.timeouts.connectSeconds * 1000,
      retries: settings.retries,
      retryBackoffMs: 250,
      maxRedirects: settings.maxRedirects,
    },
    hostLimits: { concurrency: settings.concurrency, ratePerSecond: settings.rateLimit },
    redactor,
    ...(material.tls === undefined ? {} : { tls: material.tls }),
  });
  try {
    // Set-up exchanges wait for run-started; later ones (token refreshes) go straight out.
    let held: RunEvent[] | undefined = [];
    const setup = new TestSink('setup', (event) => (held === undefined ? options.emit(event) : held.push(event)));
    const setupScope = { sink: setup, credentials: undefined, signal: options.interrupt };
    const setupHttp = createHttpClient({ baseUrl: plan.target.baseUrl, dispatcher: (choice) => transport.dispatcher(setupScope, choice) });
    const auth = createAuth(plan.target.auth, {
      http: setupHttp,
      secrets,
      baseUrl: plan.target.baseUrl,
      target: plan.target.name,
      where: plan.target.declaredIn,
      now,
    });
    const credentials = targetCredentials(plan.target.baseUrl, auth, material.headers);
    await auth.headers();
    const capabilities = await fetchCapabilities(transport, { ...setupScope, credentials }, plan);

    const header: RunHeader = {
      reportVersion: 1,
      runId: randomUUID(),
      tool: { name: 'assay', version: assayVersion() },
      startedAt,
      target: { name: plan.target.name, baseUrl: redactor.url(plan.target.baseUrl), auth: auth.method },
      packages: (options.profiles?.packages ?? []).map((pkg) => ({ id: pkg.id, version: pkg.version, sha256: pkg.sha256 })),
      validator: {
        name: 'assay',
        version: assayVersion(),
        terminology: terminologyOf(options.profiles),
      },
      suites: options.suites.map((suite) => suite.info),
    };
    options.emit({ kind: 'run-started', header, plannedTests: plan.tests.length });
    for (const event of held) options.emit(event);
    held = undefined;
    const env: RunEnvironment = {
      target: { name: plan.target.name, baseUrl: plan.target.baseUrl, writable: plan.target.writable },
      capabilities: capabilities.statement,
      capabilityEvidence: setup.refs.slice(-1),
      transport,
      credentials,
      profiles: options.profiles,
      redactor,
      emit: options.emit,
      interrupt: options.interrupt,
      now,
    };
    const { results, complete } = await runTests({
      plan,
      suites: new Map(options.suites.map((suite) => [suite.info.id, suite])),
      inputs: material.inputs,
      env,
    });
    const summary = summarise(results);
    options.emit({ kind: 'run-finished', at: new Date(now()).toISOString(), complete, summary });
    return { complete, summary, results, capabilities: capabilities.note };
  } finally {
    await transport.close();
  }
}

async function fetchCapabilities(
  transport: Transport,
  scope: Parameters<Transport['dispatcher']>[0],
  plan: RunPlan,
): Promise<{ statement: CapabilityStatement | undefined; note: string }> {
  const http = createHttpClient({ baseUrl: plan.target.baseUrl, dispatcher: (choice) => transport.dispatcher(scope, choice) });
  let response;
  try {
    response = await http.get('metadata');
  } catch (error) {
    if (error instanceof TransportError && error.unreached) {
      throw new UnreachableError(`cannot reach target ${plan.target.name}: ${error.message}`, {
        fix:
          error.failure === 'tls'
            ? 'if the server uses a private CA (e.g. on HSCN), give it as tls.ca for the target in the config'
            : 'check the base URL and that the server is up and reachable from here',
        cause: error,
      });
    }
    if (error instanceof TransportError) return { statement: undefined, note: `no CapabilityStatement (${error.message})` };
    throw error;
  }
  let body: unknown;
  try {
    body = JSON.parse(response.text);
  } catch {
    body = undefined;
  }
  if (response.status === 200 && typeof body === 'object' && body !== null && (body as { resourceType?: unknown }).resourceType === 'CapabilityStatement') {
    return { statement: body as CapabilityStatement, note: 'CapabilityStatement read' };
  }
  return { statement: undefined, note: `no CapabilityStatement (GET metadata answered ${response.status}); no test is omitted for what it claims` };
}

function terminologyOf(profiles: ProfileSet | undefined): string {
  if (profiles === undefined) return 'none';
  return profiles.terminology.kind === 'local' ? 'local' : `remote ${profiles.terminology.server}`;
}
