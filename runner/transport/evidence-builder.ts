import type { Exchange } from '../../reports/model.js';
import type { Redactor } from './redact.js';
import type { TlsFacts } from './tls-facts.js';

/** A bounded buffer: keeps the first `limit` bytes and counts the rest. */
export class BodyCapture {
  readonly #limit: number;
  readonly #chunks: Buffer[] = [];
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
    this.#chunks.push(Buffer.from(part));
    this.#kept += part.length;
  }

  get total(): number {
    return this.#total;
  }

  get truncated(): boolean {
    return this.#total > this.#kept;
  }

  text(): string {
    return Buffer.concat(this.#chunks).toString('utf8');
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
  readonly startedAt: Date;
  readonly totalMs: number;
  readonly firstByteMs: number | undefined;
  readonly tls: TlsFacts | undefined;
}

/**
 * Some bytes beyond the evidence cap are kept so a secret cut by the cap is still recognised and
 * redacted whole before the text is cut to size.
 */
export const redactionMargin = 16 * 1024;

/** The exchange as stored: redacted first, then cut to the evidence cap. */
export function toExchange(raw: RawExchange, redactor: Redactor, evidenceLimit: number): Exchange {
  const requestType = raw.requestHeaders['content-type'];
  const request: Exchange['request'] = {
    method: raw.method,
    url: redactor.url(raw.url),
    headers: redactor.headers(raw.requestHeaders),
    ...bodyFields(raw.requestBody, requestType, redactor, evidenceLimit),
  };
  const response: Exchange['response'] =
    raw.response === undefined
      ? undefined
      : {
          status: raw.response.status,
          headers: redactor.headers(raw.response.headers),
          bodyBytes: raw.response.body.total,
          ...bodyFields(raw.response.body, raw.response.headers['content-type'], redactor, evidenceLimit),
        };
  return {
    id: raw.id,
    request,
    ...(response === undefined ? {} : { response }),
    ...(raw.error === undefined ? {} : { error: redactor.text(raw.error) }),
    attempt: raw.attempt,
    timings: {
      startedAt: raw.startedAt.toISOString(),
      totalMs: round(raw.totalMs),
      ...(raw.firstByteMs === undefined ? {} : { firstByteMs: round(raw.firstByteMs) }),
    },
    ...(raw.tls === undefined ? {} : { tls: raw.tls }),
  };
}

function bodyFields(
  capture: BodyCapture | undefined,
  contentType: string | undefined,
  redactor: Redactor,
  limit: number,
): { body?: string; bodyTruncated?: boolean } {
  if (capture === undefined || capture.total === 0) return {};
  const redacted = redactor.body(capture.text(), contentType);
  const cut = Buffer.byteLength(redacted) > limit;
  const body = cut ? Buffer.from(redacted).subarray(0, limit).toString('utf8').replace(/\uFFFD$/, '') : redacted;
  return capture.truncated || cut ? { body, bodyTruncated: true } : { body };
}

function round(ms: number): number {
  return Math.round(ms * 10) / 10;
}
