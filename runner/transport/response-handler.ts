import type { IncomingHttpHeaders } from 'node:http';
import type { Transform } from 'node:stream';
import type { Dispatcher } from 'undici';
import { decodedHeaders, decoderFor } from './content-decoding.js';
import type { Deadline, Deadlines, Expiring } from './deadlines.js';
import { BodyCapture } from './evidence-builder.js';
import type { OuterController } from './outer-controller.js';
import type { TransportLimits } from './recording-interceptor.js';
import type { TransportError } from './transport-error.js';
import { RequestDeadlineError, ResponseTooLargeError } from './transport-error.js';

export interface AttemptResult {
  readonly response: { readonly status: number; readonly headers: Record<string, string>; readonly body: BodyCapture } | undefined;
  readonly error: TransportError | undefined;
  /** False when the attempt failed before any response and the caller decides: retry or hand the error on. */
  readonly handedOn: boolean;
  readonly totalMs: number;
  readonly firstByteMs: number | undefined;
}

export interface ResponseHandlerOptions {
  readonly outer: OuterController;
  readonly downstream: Dispatcher.DispatchHandler;
  readonly limits: TransportLimits;
  /** How many body bytes to keep for the evidence. */
  readonly evidenceBytes: number;
  /** The transport's request deadlines. */
  readonly deadlines: Deadlines;
  /** Says what went wrong with the request, in words. */
  readonly request: { describe(error: unknown): TransportError };
}

/**
 * Handles one attempt's response: passes it on to the client above, keeps what the evidence needs,
 * decodes compressed bodies, and cuts the response at the size cap or the deadline.
 */
export class ResponseHandler implements Dispatcher.DispatchHandler, Expiring {
  readonly done: Promise<AttemptResult>;
  readonly #options: ResponseHandlerOptions;
  readonly #started = performance.now();
  // Set by the promise's executor; no per-request default closure.
  #resolve!: (result: AttemptResult) => void;
  #controller: Dispatcher.DispatchController | undefined;
  #deadline: Deadline | undefined;
  #firstByteMs: number | undefined;
  #response: AttemptResult['response'];
  #decoder: Transform | undefined;
  #bytes = 0;
  #finished = false;

  constructor(options: ResponseHandlerOptions) {
    this.#options = options;
    this.done = new Promise((resolve) => (this.#resolve = resolve));
  }

  onRequestStart(controller: Dispatcher.DispatchController): void {
    this.#options.outer.attach(controller);
    this.#controller = controller;
    this.#deadline = this.#options.deadlines.set(this);
  }

  /** The deadline passed before the last byte: the request is cut. */
  expire(): void {
    this.#controller?.abort(new RequestDeadlineError(this.#options.limits.requestTimeoutMs / 1000));
  }

  onResponseStart(
    controller: Dispatcher.DispatchController,
    statusCode: number,
    headers: IncomingHttpHeaders,
    statusMessage?: string,
  ): void {
    this.#firstByteMs = performance.now() - this.#started;
    const flat = flattenHeaders(headers);
    this.#response = { status: statusCode, headers: flat, body: new BodyCapture(this.#options.evidenceBytes) };
    const decoder = decoderFor(flat['content-encoding']);
    if (decoder !== undefined) {
      this.#decoder = decoder;
      decoder.on('data', (chunk: Buffer) => this.#deliver(controller, chunk));
      // A corrupt body may only show once the wire is done, so the failure is settled here.
      decoder.on('error', (error: Error) => {
        controller.abort(error);
        this.onResponseError(controller, error);
      });
    }
    const { downstream, outer } = this.#options;
    downstream.onResponseStart?.(outer, statusCode, decoder === undefined ? headers : decodedHeaders(headers), statusMessage);
  }

  onResponseData(controller: Dispatcher.DispatchController, chunk: Buffer): void {
    if (this.#decoder === undefined) this.#deliver(controller, chunk);
    else this.#decoder.write(chunk);
  }

  onResponseEnd(_controller: Dispatcher.DispatchController, trailers: IncomingHttpHeaders): void {
    if (this.#decoder === undefined) {
      this.#end(trailers);
      return;
    }
    this.#decoder.on('end', () => this.#end(trailers));
    this.#decoder.end();
  }

  onResponseError(_controller: Dispatcher.DispatchController, error: Error): void {
    if (this.#finished) return;
    this.#settle();
    this.#decoder?.destroy();
    const described = this.#options.request.describe(error);
    const handedOn = this.#response !== undefined;
    if (handedOn) this.#options.downstream.onResponseError?.(this.#options.outer, described);
    this.#resolve(this.#result(described, handedOn));
  }

  #deliver(controller: Dispatcher.DispatchController, chunk: Buffer): void {
    if (this.#finished || this.#response === undefined) return;
    const { maxResponseBytes } = this.#options.limits;
    this.#bytes += chunk.length;
    if (this.#bytes > maxResponseBytes) {
      // Keep what fits in the cap as evidence of what arrived, then stop: the wire may already be done
      // (a small compressed body), so the failure is settled here rather than left to undici.
      this.#response.body.add(chunk.subarray(0, Math.max(0, chunk.length - (this.#bytes - maxResponseBytes))));
      const error = new ResponseTooLargeError(maxResponseBytes);
      controller.abort(error);
      this.onResponseError(controller, error);
      return;
    }
    this.#response.body.add(chunk);
    this.#options.downstream.onResponseData?.(this.#options.outer, chunk);
  }

  #end(trailers: IncomingHttpHeaders): void {
    if (this.#finished) return;
    this.#settle();
    this.#options.downstream.onResponseEnd?.(this.#options.outer, trailers);
    this.#resolve(this.#result(undefined, true));
  }

  #settle(): void {
    this.#finished = true;
    if (this.#deadline !== undefined) this.#options.deadlines.clear(this.#deadline);
  }

  #result(error: TransportError | undefined, handedOn: boolean): AttemptResult {
    return {
      response: this.#response,
      error,
      handedOn,
      totalMs: performance.now() - this.#started,
      firstByteMs: this.#firstByteMs,
    };
  }
}

/** Lower-case names; repeated headers joined with `, `, set-cookie lines with a newline. */
export function flattenHeaders(headers: IncomingHttpHeaders): Record<string, string> {
  const result: Record<string, string> = {};
  for (const name of Object.keys(headers)) {
    const value = headers[name];
    if (value === undefined) continue;
    const key = name.toLowerCase();
    result[key] = Array.isArray(value) ? value.join(key === 'set-cookie' ? '\n' : ', ') : value;
  }
  return result;
}
