import type { Exchange } from '../../../reports/model.js';
import type { HttpClient } from '../../../runner/dsl/context.js';
import { createHttpClient } from '../../../runner/transport/http-client.js';
import type { Credentials, ExchangeSink } from '../../../runner/transport/recording-interceptor.js';
import { Redactor } from '../../../runner/transport/redact.js';
import type { ScopeOptions, Transport, TransportOptions } from '../../../runner/transport/transport.js';
import { createTransport } from '../../../runner/transport/transport.js';

export const testLimits: TransportOptions['limits'] = {
  maxResponseBytes: 1024 * 1024,
  maxEvidenceBodyBytes: 64 * 1024,
  requestTimeoutMs: 2000,
  retries: 2,
  retryBackoffMs: 10,
  maxRedirects: 5,
  connectTimeoutMs: 2000,
};

/** A sink that keeps exchanges in memory, numbered like the runner numbers them. */
export class MemorySink implements ExchangeSink {
  readonly exchanges: Exchange[] = [];
  #next = 0;
  constructor(readonly scope = 'suite/group/test') {}
  nextId(): string {
    return `${this.scope}#${++this.#next}`;
  }
  record(exchange: Exchange): void {
    this.exchanges.push(exchange);
  }
}

export interface Harness {
  readonly transport: Transport;
  readonly sink: MemorySink;
  readonly http: HttpClient;
  readonly scope: ScopeOptions;
  readonly abort: AbortController;
}

/** A transport with one test scope and its ctx.http, pointed at `baseUrl`. */
export function harness(
  baseUrl: string,
  options: Partial<TransportOptions> & { credentials?: Credentials } = {},
): Harness {
  const transport = createTransport({
    limits: options.limits ?? testLimits,
    hostLimits: options.hostLimits ?? { concurrency: 8, ratePerSecond: 0 },
    redactor: options.redactor ?? new Redactor(),
    ...(options.tls === undefined ? {} : { tls: options.tls }),
  });
  const sink = new MemorySink();
  const abort = new AbortController();
  const scope: ScopeOptions = { sink, credentials: options.credentials, signal: abort.signal };
  const http = createHttpClient({
    baseUrl: baseUrl.endsWith('/') ? baseUrl : `${baseUrl}/`,
    dispatcher: (choice) => transport.dispatcher(scope, choice),
  });
  return { transport, sink, http, scope, abort };
}

/** Credentials for one origin only, as the auth layer gives them. */
export function bearerFor(origin: string, token: string): Credentials {
  return {
    headersFor: (requestOrigin) => Promise.resolve(requestOrigin === origin ? { authorization: `Bearer ${token}` } : {}),
  };
}
