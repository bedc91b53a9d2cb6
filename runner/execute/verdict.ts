import type { Outcome } from '../../reports/model.js';
import { CheckFailure, OmitSignal, SkipSignal } from '../dsl/signals.js';
import { TransportError } from '../transport/transport-error.js';

/** Raised into a test's signal when it runs past its timeout. */
export class TestTimeoutError extends Error {
  constructor(readonly seconds: number) {
    super(`the test did not finish within ${seconds} s`);
    this.name = 'TestTimeoutError';
  }
}

/** Raised into every test's signal when the run is interrupted. */
export class InterruptedError extends Error {
  constructor() {
    super('the run was interrupted (Ctrl-C) before the test finished');
    this.name = 'InterruptedError';
  }
}

/**
 * The verdict for whatever a test threw: the one place that turns exceptions into outcomes (DESIGN.md,
 * example 4). Only a failed check is `fail`; an HTTP error status seen through fhir-kit-client is the
 * target's answer, so it fails too; anything unexpected is `error` with where it came from.
 */
export function verdictOf(error: unknown): { outcome: Outcome; message: string } {
  if (error instanceof CheckFailure) return { outcome: 'fail', message: error.message };
  if (error instanceof SkipSignal) return { outcome: 'skip', message: error.message };
  if (error instanceof OmitSignal) return { outcome: 'omit', message: error.message };
  if (error instanceof TestTimeoutError || error instanceof InterruptedError) return { outcome: 'error', message: error.message };
  const transport = findCause(error, (cause): cause is TransportError => cause instanceof TransportError);
  if (transport !== undefined) return { outcome: 'error', message: transport.message };
  const http = fhirKitStatus(error);
  if (http !== undefined) return { outcome: 'fail', message: http };
  return { outcome: 'error', message: unexpected(error) };
}

function findCause<T>(error: unknown, test: (value: unknown) => value is T): T | undefined {
  for (let current = error, depth = 0; current !== undefined && depth < 5; depth++) {
    if (test(current)) return current;
    current = typeof current === 'object' && current !== null && 'cause' in current ? current.cause : undefined;
  }
  return undefined;
}

/** fhir-kit-client rejects a non-2xx answer with `{ response: { status, data }, config: { method, url } }`. */
function fhirKitStatus(error: unknown): string | undefined {
  if (!(error instanceof Error) || !('response' in error) || !('config' in error)) return undefined;
  const response = error.response as { status?: unknown; data?: unknown } | undefined;
  const config = error.config as { method?: unknown; url?: unknown } | undefined;
  if (typeof response?.status !== 'number') return undefined;
  const issue = (response.data as { resourceType?: string; issue?: { diagnostics?: string; details?: { text?: string } }[] } | undefined);
  const first = issue?.resourceType === 'OperationOutcome' ? issue.issue?.[0] : undefined;
  const why = first?.details?.text ?? first?.diagnostics;
  return `${String(config?.method)} ${String(config?.url)}: expected a 2xx response, got HTTP ${response.status}${why === undefined ? '' : `: ${why}`}`;
}

/** An unexpected exception, with the first line of its stack that is not in node_modules or Node. */
function unexpected(error: unknown): string {
  if (!(error instanceof Error)) return `the test threw ${String(error)}`;
  const frame = (error.stack ?? '')
    .split('\n')
    .slice(1)
    .map((line) => line.trim())
    .find((line) => /:\d+:\d+\)?$/.test(line) && !line.includes('node_modules') && !line.includes('node:'));
  return `${error.name}: ${error.message}${frame === undefined ? '' : ` (${frame})`}`;
}
