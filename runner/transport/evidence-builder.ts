import type { Exchange } from '../../reports/model.js';
import type { Redactor } from './redact.js';
import type { TlsFacts } from './tls-facts.js';

/**
 * A bounded buffer: keeps the first `limit` bytes and counts the rest. It keeps views of the chunks it is
 * given, not copies: undici hands over each socket read in a buffer of its own, and the text is made once
 * the exchange is recorded.
 */
export class BodyCapture {
  readonly #limit: number;
  readonly #chunks: Uint8Array[] = [];
  #kept = 0;
  #total = 0;

  constructor(limit: number) {
    this.#limit = limit;
  }

  add(chunk: Uint8Array): void {
    this.#total += chunk.length;
    if (this.#kept >= this.#limit) return;
    const room = this.#limit - this.#kept;
    const part = chunk.length <= room ? chunk : chunk.subarray(0, room);
    this.#chunks.push(part);
    this.#kept += part.length;
  }

  get total(): number {
    return this.#total;
  }

  get truncated(): boolean {
    return this.#total > this.#kept;
  }

  text(): string {
    const [first] = this.#chunks;
    if (this.#chunks.length === 1 && first !== undefined) return Buffer.from(first.buffer, first.byteOffset, first.length).toString('utf8');
    return Buffer.concat(this.#chunks, this.#kept).toString('utf8');
  }
}

/** What the recorder saw of one attempt, before redaction. */
export interface RawExchange {
  readonly id: string;
  readonly attempt: number;
  readonly method: string;
  readonly url: string;
  readonly requestHeaders: Readonly<Record<string, string>>;
  readonly requestBody: BodyCapture | undefined;
  readonly response:
    | { readonly status: number; readonly headers: Readonly<Record<string, string>>; readonly body: BodyCapture }
    | undefined;
  readonly error: string | undefined;
  /** Wall-clock time the attempt started, in ms since the epoch. */
  readonly startedAt: number;
  readonly totalMs: number;
  readonly firstByteMs: number | undefined;
  readonly tls: TlsFacts | undefined;
}

/**
 * Some bytes beyond the evidence cap are kept so a secret cut by the cap is still recognised and
 * redacted whole before the text is cut to size.
 */
export const redactionMargin = 16 * 1024;

/**
 * The exchange as stored: redacted first, then cut to the evidence cap. Members are written in canonical
 * (sorted) order at every level, so hashing it for the report is a plain JSON.stringify.
 */
export function toExchange(raw: RawExchange, redactor: Redactor, evidenceLimit: number): Exchange {
  const exchange: Writable<Exchange> = { attempt: raw.attempt } as Writable<Exchange>;
  if (raw.error !== undefined) exchange.error = redactor.text(raw.error);
  exchange.id = raw.id;
  exchange.request = requestOf(raw, redactor, evidenceLimit);
  if (raw.response !== undefined) exchange.response = responseOf(raw.response, redactor, evidenceLimit);
  const startedAt = new Date(raw.startedAt).toISOString();
  const totalMs = round(raw.totalMs);
  exchange.timings = raw.firstByteMs === undefined ? { startedAt, totalMs } : { firstByteMs: round(raw.firstByteMs), startedAt, totalMs };
  if (raw.tls !== undefined) exchange.tls = raw.tls;
  return exchange;
}

type Writable<T> = { -readonly [K in keyof T]: T[K] };

function requestOf(raw: RawExchange, redactor: Redactor, limit: number): Exchange['request'] {
  const body = storedBody(raw.requestBody, raw.requestHeaders['content-type'], redactor, limit);
  const headers = redactor.headers(raw.requestHeaders);
  const { method } = raw;
  const url = redactor.url(raw.url);
  if (body === undefined) return { headers, method, url };
  return body.truncated ? { body: body.text, bodyTruncated: true, headers, method, url } : { body: body.text, headers, method, url };
}

function responseOf(raw: NonNullable<RawExchange['response']>, redactor: Redactor, limit: number): NonNullable<Exchange['response']> {
  const body = storedBody(raw.body, raw.headers['content-type'], redactor, limit);
  const bodyBytes = raw.body.total;
  const headers = redactor.headers(raw.headers);
  const { status } = raw;
  if (body === undefined) return { bodyBytes, headers, status };
  return body.truncated
    ? { body: body.text, bodyBytes, bodyTruncated: true, headers, status }
    : { body: body.text, bodyBytes, headers, status };
}

/** The body as stored: redacted, then cut to the cap; undefined when there was none. */
function storedBody(
  capture: BodyCapture | undefined,
  contentType: string | undefined,
  redactor: Redactor,
  limit: number,
): { text: string; truncated: boolean } | undefined {
  if (capture === undefined || capture.total === 0) return undefined;
  const redacted = redactor.body(capture.text(), contentType);
  // A UTF-16 code unit is at most 3 bytes of UTF-8, so a short text needs no byte count.
  const cut = redacted.length * 3 > limit && Buffer.byteLength(redacted) > limit;
  const text = cut ? Buffer.from(redacted).subarray(0, limit).toString('utf8').replace(/\uFFFD$/, '') : redacted;
  return { text, truncated: capture.truncated || cut };
}

function round(ms: number): number {
  return Math.round(ms * 10) / 10;
}
