import { setMaxListeners } from 'node:events';
import type { CapabilityStatement } from 'fhir/r4.js';
import type { EvidenceRef, Outcome, RunEvent, TestResult } from '../../reports/model.js';
import type { ProfileSet } from '../../profiles/types.js';
import type { TargetInfo } from '../dsl/context.js';
import type { OutputsSpec, TestDefinition } from '../dsl/suite.js';
import { capabilityGap } from '../plan/claims.js';
import type { PlannedTest } from '../plan/plan.js';
import type { Credentials } from '../transport/recording-interceptor.js';
import type { Redactor } from '../transport/redact.js';
import type { Transport } from '../transport/transport.js';
import { createContext } from './test-context.js';
import type { TestNotes } from './test-context.js';
import { TestSink } from './test-sink.js';
import { InterruptedError, TestTimeoutError, verdictOf } from './verdict.js';

/** What every test of a run shares. */
export interface RunEnvironment {
  readonly target: TargetInfo;
  readonly capabilities: CapabilityStatement | undefined;
  /** The exchange(s) that fetched the CapabilityStatement: evidence for omissions it decides. */
  readonly capabilityEvidence: readonly EvidenceRef[];
  readonly transport: Transport;
  readonly credentials: Credentials | undefined;
  readonly profiles: ProfileSet | undefined;
  readonly redactor: Redactor;
  readonly emit: (event: RunEvent) => void;
  /** Aborted when the run is interrupted. */
  readonly interrupt: AbortSignal;
  readonly now: () => number;
}

export interface TestRun {
  readonly test: PlannedTest;
  readonly definition: TestDefinition;
  readonly inputs: Readonly<Record<string, unknown>>;
  readonly outputs: Map<string, unknown>;
  readonly outputSpecs: OutputsSpec;
  /** Results of the tests this one depends on (all finished before it starts). */
  readonly prerequisites: readonly TestResult[];
}

/** Runs one test (or decides it without running it) and emits its events. Never rejects. */
export async function runTest(run: TestRun, env: RunEnvironment): Promise<TestResult> {
  const { test } = run;
  const started = env.now();
  env.emit({ kind: 'test-started', testId: test.id, title: test.title, at: new Date(started).toISOString() });
  const decided = decideWithoutRunning(run, env);
  const sink = new TestSink(test.id, env.emit);
  const notes: TestNotes = { findings: [], softFailures: [] };
  const verdict = decided ?? (await execute(run, env, sink, notes));
  const evidence = [...(decided?.evidence ?? []), ...sink.close()];
  const result: TestResult = {
    id: test.id,
    suite: test.suite,
    group: test.group,
    title: test.title,
    level: test.level,
    verifies: test.verifies,
    outcome: verdict.outcome,
    ...(verdict.message === undefined ? {} : { message: env.redactor.text(verdict.message) }),
    ...(notes.findings.length === 0 ? {} : { findings: notes.findings.map((finding) => ({ ...finding, text: env.redactor.text(finding.text) })) }),
    evidence,
    durationMs: Math.round(env.now() - started),
  };
  env.emit({ kind: 'test-finished', result });
  return result;
}

interface Verdict {
  readonly outcome: Outcome;
  readonly message?: string;
  readonly evidence?: readonly EvidenceRef[];
}

/** Tests that do not apply, or whose prerequisites did not pass, are decided without sending anything. */
function decideWithoutRunning(run: TestRun, env: RunEnvironment): Verdict | undefined {
  if (run.test.omit !== undefined) return { outcome: 'omit', message: run.test.omit };
  for (const prerequisite of run.prerequisites) {
    if (prerequisite.outcome === 'pass') continue;
    if (prerequisite.outcome === 'omit') {
      return { outcome: 'omit', message: `prerequisite ${prerequisite.id} does not apply: ${prerequisite.message ?? 'omitted'}` };
    }
    return { outcome: 'skip', message: `prerequisite ${prerequisite.id} did not pass (${prerequisite.outcome})` };
  }
  const gap = capabilityGap(run.test.claims, env.capabilities);
  return gap === undefined ? undefined : { outcome: 'omit', message: gap, evidence: env.capabilityEvidence };
}

async function execute(run: TestRun, env: RunEnvironment, sink: TestSink, notes: TestNotes): Promise<Verdict> {
  const controller = new AbortController();
  // fetch (ctx.fhir) listens to the signal once per request the test has in flight.
  setMaxListeners(0, controller.signal);
  const onInterrupt = (): void => controller.abort(new InterruptedError());
  if (env.interrupt.aborted) onInterrupt();
  env.interrupt.addEventListener('abort', onInterrupt, { once: true });
  const seconds = run.test.timeoutSeconds;
  const timer = setTimeout(() => controller.abort(new TestTimeoutError(seconds)), seconds * 1000);
  // A test that ignores its signal is left behind: the verdict comes when the signal fires.
  const stopped = new Promise<never>((_, reject) => {
    controller.signal.addEventListener('abort', () => reject(controller.signal.reason as Error), { once: true });
  });
  // The race below may settle first; the signal still fires when the test ends.
  stopped.catch(() => undefined);
  try {
    const ctx = createContext({
      testId: run.test.id,
      inputs: run.inputs,
      outputs: run.outputs,
      outputSpecs: run.outputSpecs,
      target: env.target,
      capabilities: env.capabilities,
      transport: env.transport,
      credentials: env.credentials,
      sink,
      profiles: env.profiles,
      signal: controller.signal,
      notes,
      redact: (text) => env.redactor.text(text),
    });
    await Promise.race([run.definition.run(ctx), stopped]);
    if (notes.softFailures.length > 0) return { outcome: 'fail', message: notes.softFailures.join('; ') };
    return { outcome: 'pass' };
  } catch (error) {
    return verdictOf(error);
  } finally {
    clearTimeout(timer);
    env.interrupt.removeEventListener('abort', onInterrupt);
    // Requests the test left running are abandoned with it.
    if (!controller.signal.aborted) controller.abort(new Error('the test has finished'));
  }
}
