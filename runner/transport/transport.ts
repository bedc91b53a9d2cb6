import { rootCertificates } from 'node:tls';
import type { Dispatcher } from 'undici';
import { Agent, buildConnector } from 'undici';
import { Deadlines } from './deadlines.js';
import type { HostLimits, Sleeper } from './host-gate.js';
import { HostGate, realClock } from './host-gate.js';
import type { Credentials, ExchangeSink, TransportLimits } from './recording-interceptor.js';
import { recordingInterceptor } from './recording-interceptor.js';
import { redirectInterceptor } from './redirects.js';
import type { Redactor } from './redact.js';
import type { TlsFacts } from './tls-facts.js';
import { recordingConnector } from './tls-facts.js';

/** TLS material, already read from files (PEM text). Private networks such as HSCN use their own CA. */
export interface TlsOptions {
  /** Extra CA certificates trusted besides the public roots. */
  readonly ca?: readonly string[];
  /** Client certificate and key for mutual TLS. */
  readonly cert?: string;
  readonly key?: string;
  readonly passphrase?: string;
}

export interface TransportOptions {
  readonly limits: TransportLimits & { readonly maxRedirects: number; readonly connectTimeoutMs: number };
  readonly hostLimits: HostLimits;
  readonly tls?: TlsOptions;
  readonly redactor: Redactor;
  readonly clock?: Sleeper;
}

/** One test's view of the transport (or the run's set-up): where its exchanges go and what it may send. */
export interface ScopeOptions {
  readonly sink: ExchangeSink;
  readonly credentials: Credentials | undefined;
  readonly signal: AbortSignal;
}

export interface DispatcherChoice {
  /** Add the credentials meant for the request's origin (default true). */
  readonly credentials?: boolean;
  /** Follow redirects up to the maximum (default true). */
  readonly redirects?: boolean;
}

export interface Transport {
  /**
   * A dispatcher recording into the scope; hand it to undici's request or to fetch as `dispatcher`. Make
   * one per scope and kind of request and reuse it: each listens to the scope's signal once.
   */
  dispatcher(scope: ScopeOptions, choice?: DispatcherChoice): Dispatcher;
  readonly redactor: Redactor;
  close(): Promise<void>;
}

/**
 * The run's recording transport: one connection pool (with the run's CA, client certificate and
 * timeouts), one politeness gate per host, and recording dispatchers per test on top of them.
 */
export function createTransport(options: TransportOptions): Transport {
  const { limits, tls } = options;
  const tlsFacts = new Map<string, TlsFacts>();
  const connector = buildConnector({
    timeout: limits.connectTimeoutMs,
    ...(tls?.ca === undefined || tls.ca.length === 0 ? {} : { ca: [...rootCertificates, ...tls.ca] }),
    ...(tls?.cert === undefined ? {} : { cert: tls.cert }),
    ...(tls?.key === undefined ? {} : { key: tls.key }),
    ...(tls?.passphrase === undefined ? {} : { passphrase: tls.passphrase }),
  });
  const agent = new Agent({
    // No more connections to a host than requests its gate lets through at once.
    connections: options.hostLimits.concurrency,
    connect: recordingConnector(connector, tlsFacts),
    headersTimeout: limits.requestTimeoutMs,
    bodyTimeout: limits.requestTimeoutMs,
  });
  const gates = new Map<string, HostGate>();
  const gateFor = (origin: string): HostGate => {
    let gate = gates.get(origin);
    if (gate === undefined) {
      gate = new HostGate(options.hostLimits, options.clock ?? realClock);
      gates.set(origin, gate);
    }
    return gate;
  };
  const redirect = redirectInterceptor(limits.maxRedirects);
  const deadlines = new Deadlines(limits.requestTimeoutMs);

  return {
    redactor: options.redactor,
    dispatcher(scope, choice = {}) {
      const recording = recordingInterceptor({
        sink: scope.sink,
        credentials: choice.credentials === false ? undefined : scope.credentials,
        gateFor,
        redactor: options.redactor,
        limits,
        tls: tlsFacts,
        deadlines,
        signal: scope.signal,
      });
      // Composition runs outside in: redirects are followed above the recorder, so every hop is its own
      // exchange and gets credentials only if it goes to the origin they are meant for.
      return choice.redirects === false || limits.maxRedirects === 0
        ? agent.compose(recording)
        : agent.compose(recording, redirect);
    },
    // Requests still in flight keep their deadlines until they are done.
    close: async () => {
      await agent.close();
      deadlines.stop();
    },
  };
}
