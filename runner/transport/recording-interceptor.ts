import type { Dispatcher } from 'undici';
import type { Exchange } from '../../reports/model.js';
import type { Deadlines } from './deadlines.js';
import { BodyCapture, redactionMargin, toExchange } from './evidence-builder.js';
import type { HostGate } from './host-gate.js';
import { abortReason, InFlight } from './in-flight.js';
import { OuterController } from './outer-controller.js';
import { ResponseHandler } from './response-handler.js';
import type { Redactor } from './redact.js';
import type { TlsFacts } from './tls-facts.js';
import { originKeyOf } from './tls-facts.js';
import { classify, TransportError } from './transport-error.js';

/** Where one test's (or the run's set-up's) exchanges go. */
export interface ExchangeSink {
  /** The next exchange id, `<scope>#<n>`, in the order requests are sent. */
  nextId(): string;
  record(exchange: Exchange): void;
}

/** Credentials to add to a request; empty for any origin (`https://host:port`) they are not for. */
export interface Credentials {
  headersFor(origin: string): Promise<Readonly<Record<string, string>>>;
}

export interface TransportLimits {
  /** A response body larger than this is cut, the request fails and the evidence says so. */
  readonly maxResponseBytes: number;
  /** How much of each body the evidence keeps. */
  readonly maxEvidenceBodyBytes: number;
  /** Deadline for one attempt, from sending to the last byte. */
  readonly requestTimeoutMs: number;
  /** Extra attempts of an idempotent request whose connection failed before any response. */
  readonly retries: number;
  readonly retryBackoffMs: number;
}

export interface RecordingOptions {
  readonly sink: ExchangeSink;
  readonly credentials: Credentials | undefined;
  readonly gateFor: (origin: string) => HostGate;
  readonly redactor: Redactor;
  readonly limits: TransportLimits;
  readonly tls: ReadonlyMap<string, TlsFacts>;
  /** The transport's request deadlines (`limits.requestTimeoutMs` after each attempt is sent). */
  readonly deadlines: Deadlines;
  /** Aborts every request of the scope (test timeout, Ctrl-C). */
  readonly signal: AbortSignal;
}

const idempotentMethods = new Set(['GET', 'HEAD', 'OPTIONS', 'PUT', 'DELETE', 'TRACE']);

/**
 * The interceptor every request of a test goes through, whichever client sent it (ctx.http, or fetch
 * inside fhir-kit-client). Per attempt it waits for the host's gate, adds the credentials meant for that
 * origin, enforces the size cap and the deadline, and records the exchange, redacted, as evidence.
 */
export function recordingInterceptor(options: RecordingOptions): Dispatcher.DispatcherComposeInterceptor {
  const inFlight = new InFlight(options.signal);
  return (dispatch) => (opts, handler) => {
    void new RecordedRequest(dispatch, opts, handler, options, inFlight).send();
    return true;
  };
}

class RecordedRequest {
  readonly #dispatch: Dispatcher.Dispatch;
  readonly #opts: Dispatcher.DispatchOptions;
  readonly #handler: Dispatcher.DispatchHandler;
  readonly #options: RecordingOptions;
  readonly #inFlight: InFlight;
  readonly #outer = new OuterController();
  readonly #origin: string;
  readonly #href: string;
  readonly #method: string;

  constructor(
    dispatch: Dispatcher.Dispatch,
    opts: Dispatcher.DispatchOptions,
    handler: Dispatcher.DispatchHandler,
    options: RecordingOptions,
    inFlight: InFlight,
  ) {
    this.#dispatch = dispatch;
    this.#opts = opts;
    this.#handler = handler;
    this.#options = options;
    this.#inFlight = inFlight;
    // Strings, not URL objects: this runs for every request.
    const origin = typeof opts.origin === 'string' ? opts.origin : (opts.origin?.origin ?? '');
    this.#origin = origin.endsWith('/') ? origin.slice(0, -1) : origin;
    this.#href = `${this.#origin}${opts.path}`;
    this.#method = opts.method.toUpperCase();
  }

  /** Never rejects: every failure reaches the handler as onResponseError. */
  async send(): Promise<void> {
    const entry = this.#inFlight.enter(this.#outer);
    try {
      const headers = normaliseHeaders(this.#opts.headers);
      const body = replayable(this.#opts.body);
      const retryable = idempotentMethods.has(this.#method) && body.replayable;
      for (let attempt = 1; ; attempt++) {
        const id = this.#options.sink.nextId();
        this.#handler.onRequestStart?.(this.#outer, { exchangeId: id, url: this.#href });
        const failure = await this.#attempt(id, attempt, headers, body.body);
        if (failure === undefined) return;
        const again = retryable && failure.connectionFailed && attempt <= this.#options.limits.retries;
        if (!again || this.#outer.aborted) {
          this.#handler.onResponseError?.(this.#outer, failure);
          return;
        }
        await sleep(this.#options.limits.retryBackoffMs * 2 ** (attempt - 1), this.#outer.signal);
      }
    } catch (error) {
      this.#handler.onResponseError?.(this.#outer, this.describe(error));
    } finally {
      this.#inFlight.leave(entry);
    }
  }

  /** What went wrong, in words; an abort from above says why the request was abandoned. */
  describe(error: unknown): TransportError {
    const reason = this.#outer.reason;
    if (this.#outer.aborted && reason !== null && (error === reason || !(error instanceof TransportError))) {
      return new TransportError('aborted', `${this.#method} ${this.#href}: abandoned (${reason.message})`, { cause: reason });
    }
    return classify(error, this.#method, this.#href);
  }

  /** One attempt; resolves with the failure when it may be retried, undefined when it was handed on. */
  async #attempt(
    id: string,
    attempt: number,
    baseHeaders: Record<string, string>,
    body: Body,
  ): Promise<TransportError | undefined> {
    const { gateFor, credentials, limits, redactor, sink, tls, deadlines } = this.#options;
    const gate = gateFor(this.#origin);
    const release = gate.tryAcquire() ?? (await gate.acquire(this.#outer.signal));
    try {
      const added = credentials === undefined ? {} : await credentials.headersFor(this.#origin);
      const headers = { ...added, ...baseHeaders };
      redactor.learn(this.#href, headers);
      const requestBody = new BodyCapture(limits.maxEvidenceBodyBytes + redactionMargin);
      const sentBody = tee(body, requestBody);
      const startedAt = Date.now();
      const response = new ResponseHandler({
        outer: this.#outer,
        downstream: this.#handler,
        limits,
        evidenceBytes: limits.maxEvidenceBodyBytes + redactionMargin,
        deadlines,
        request: this,
      });
      this.#dispatch({ ...this.#opts, headers, body: sentBody ?? null }, response);
      const result = await response.done;
      sink.record(
        toExchange(
          {
            id,
            attempt,
            method: this.#method,
            url: this.#href,
            requestHeaders: headers,
            requestBody,
            response: result.response,
            error: result.error?.message,
            startedAt,
            totalMs: result.totalMs,
            firstByteMs: result.firstByteMs,
            tls: this.#origin.startsWith('https:') ? tls.get(originKeyOf(this.#origin)) : undefined,
          },
          redactor,
          limits.maxEvidenceBodyBytes,
        ),
      );
      return result.handedOn ? undefined : result.error;
    } finally {
      release();
    }
  }
}

/** Request headers in any of undici's shapes, as one lower-cased record. */
export function normaliseHeaders(headers: Dispatcher.DispatchOptions['headers']): Record<string, string> {
  const result: Record<string, string> = {};
  if (headers === undefined || headers === null) return result;
  if (Array.isArray(headers)) {
    if (headers.length > 0 && Array.isArray(headers[0])) {
      for (const pair of headers as unknown as [unknown, unknown][]) addHeader(result, pair[0], pair[1]);
    } else {
      for (let i = 0; i + 1 < headers.length; i += 2) addHeader(result, headers[i], headers[i + 1]);
    }
  } else if (Symbol.iterator in headers) {
    for (const [name, value] of headers as Iterable<[string, string]>) addHeader(result, name, value);
  } else {
    for (const name of Object.keys(headers)) addHeader(result, name, (headers as Record<string, unknown>)[name]);
  }
  return result;
}

function addHeader(result: Record<string, string>, name: unknown, value: unknown): void {
  if (value === undefined || value === null) return;
  const key = String(name).toLowerCase();
  const text = Array.isArray(value) ? value.map(headerText).join(', ') : headerText(value);
  result[key] = key in result ? `${result[key]}, ${text}` : text;
}

function headerText(value: unknown): string {
  if (typeof value === 'string') return value;
  if (value instanceof Uint8Array) return Buffer.from(value).toString('latin1');
  return typeof value === 'number' || typeof value === 'boolean' ? String(value) : '';
}

type Body = Dispatcher.DispatchOptions['body'] | undefined;

/** Bodies that can be sent again (strings and bytes) may be retried; streams are sent once. */
function replayable(body: Body): { body: Body; replayable: boolean } {
  return { body, replayable: body === undefined || body === null || typeof body === 'string' || body instanceof Uint8Array };
}

/** Copies what is sent into the evidence capture; streamed bodies are captured as they flow. */
function tee(body: Body, capture: BodyCapture): Body {
  if (body === undefined || body === null) return body;
  if (typeof body === 'string') {
    capture.add(Buffer.from(body));
    return body;
  }
  if (body instanceof Uint8Array) {
    capture.add(body);
    return body;
  }
  if (typeof body === 'object' && Symbol.asyncIterator in body) {
    const source = body as AsyncIterable<Uint8Array | string>;
    return (async function* copy() {
      for await (const chunk of source) {
        capture.add(typeof chunk === 'string' ? Buffer.from(chunk) : chunk);
        yield chunk;
      }
    })() as unknown as Body;
  }
  return body;
}

function sleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal.aborted) {
      reject(abortReason(signal));
      return;
    }
    const timer = setTimeout(resolve, ms);
    signal.addEventListener(
      'abort',
      () => {
        clearTimeout(timer);
        reject(abortReason(signal));
      },
      { once: true },
    );
  });
}
