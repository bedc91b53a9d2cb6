import type { IncomingHttpHeaders } from 'node:http';
import type { Dispatcher } from 'undici';
import { flattenHeaders } from './response-handler.js';

/** A whole response, its body read as text. */
export interface TextResponseResult {
  readonly status: number;
  readonly headers: Record<string, string>;
  readonly text: string;
  /** What the transport said of the exchange that answered (the last hop after redirects). */
  readonly context: { readonly exchangeId?: string; readonly url?: string } | undefined;
}

/**
 * Reads a response straight off the dispatcher into text, for ctx.http, which always wants the whole
 * body: no stream, no async resource and no round trip of the headers through raw bytes in between, as
 * undici's request() would add to every request. Informational (1xx) responses are passed over, as
 * request() does; the body is decoded as UTF-8 with a byte order mark dropped, as its text() does.
 */
export class TextResponse implements Dispatcher.DispatchHandler {
  readonly done: Promise<TextResponseResult>;
  // Set by the promise's executor; no per-request default closures (tsx names every one it makes).
  #resolve!: (result: TextResponseResult) => void;
  #reject!: (error: Error) => void;
  #context: TextResponseResult['context'];
  #status = 0;
  #headers: Record<string, string> = {};
  readonly #chunks: Buffer[] = [];
  #length = 0;

  constructor() {
    this.done = new Promise((resolve, reject) => {
      this.#resolve = resolve;
      this.#reject = reject;
    });
  }

  onRequestStart(_controller: Dispatcher.DispatchController, context: unknown): void {
    this.#context = context as TextResponseResult['context'];
  }

  onResponseStart(_controller: Dispatcher.DispatchController, statusCode: number, headers: IncomingHttpHeaders): void {
    if (statusCode < 200) return;
    this.#status = statusCode;
    this.#headers = flattenHeaders(headers);
  }

  onResponseData(_controller: Dispatcher.DispatchController, chunk: Buffer): void {
    this.#chunks.push(chunk);
    this.#length += chunk.length;
  }

  onResponseEnd(): void {
    this.#resolve({ status: this.#status, headers: this.#headers, text: this.#text(), context: this.#context });
  }

  onResponseError(_controller: Dispatcher.DispatchController, error: Error): void {
    this.#reject(error);
  }

  /** A dispatcher that refuses the request outright (bad options) reaches here as a thrown error. */
  fail(error: unknown): void {
    this.#reject(error instanceof Error ? error : new Error(String(error)));
  }

  #text(): string {
    const [first] = this.#chunks;
    const buffer = this.#chunks.length === 1 && first !== undefined ? first : Buffer.concat(this.#chunks, this.#length);
    const bom = buffer.length > 2 && buffer[0] === 0xef && buffer[1] === 0xbb && buffer[2] === 0xbf;
    return buffer.toString('utf8', bom ? 3 : 0);
  }
}
