/** Why a request got no complete response. `connect`, `dns` and `tls` mean the host was not reached. */
export type TransportFailure = 'dns' | 'connect' | 'tls' | 'timeout' | 'reset' | 'too-large' | 'aborted' | 'other';

/** A request that got no complete response; the message names the request and what happened. */
export class TransportError extends Error {
  readonly failure: TransportFailure;

  constructor(failure: TransportFailure, message: string, options: { cause?: unknown } = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'TransportError';
    this.failure = failure;
  }

  /** The host was never reached (exit 3 when it happens before the first test). */
  get unreached(): boolean {
    return this.failure === 'dns' || this.failure === 'connect' || this.failure === 'tls';
  }

  /**
   * The connection failed before any response: worth another attempt for an idempotent request. TLS
   * failures are not: the same certificate fails the same way.
   */
  get connectionFailed(): boolean {
    return this.failure === 'dns' || this.failure === 'connect' || this.failure === 'reset';
  }
}

/** Raised by the transport itself when a response passes the size cap. */
export class ResponseTooLargeError extends Error {
  constructor(readonly limit: number) {
    super(`response body exceeds the ${formatBytes(limit)} cap`);
    this.name = 'ResponseTooLargeError';
  }
}

/** Raised by the transport itself when a request passes its deadline. */
export class RequestDeadlineError extends Error {
  constructor(readonly seconds: number) {
    super(`no complete response within ${seconds} s`);
    this.name = 'RequestDeadlineError';
  }
}

const tlsCodes = /CERT|SELF_SIGNED|UNABLE_TO_(GET|VERIFY)|^ERR_TLS|^ERR_SSL|^EPROTO$|HOSTNAME_MISMATCH/;

/** Turns whatever undici or Node threw into a TransportError that says what happened, in words. */
export function classify(error: unknown, method: string, url: string): TransportError {
  if (error instanceof TransportError) return error;
  const where = `${method} ${url}`;
  if (error instanceof ResponseTooLargeError) return new TransportError('too-large', `${where}: ${error.message}`, { cause: error });
  if (error instanceof RequestDeadlineError) return new TransportError('timeout', `${where}: ${error.message}`, { cause: error });
  const code = codeOf(error);
  const host = safeHost(url);
  const detail = error instanceof Error ? error.message : String(error);
  if (code === 'ENOTFOUND' || code === 'EAI_AGAIN') {
    return new TransportError('dns', `${where}: cannot resolve the host name ${host} (${code})`, { cause: error });
  }
  if (code === 'ECONNREFUSED' || code === 'EHOSTUNREACH' || code === 'ENETUNREACH' || code === 'EADDRNOTAVAIL') {
    return new TransportError('connect', `${where}: cannot connect to ${host} (${code})`, { cause: error });
  }
  if (code === 'UND_ERR_CONNECT_TIMEOUT' || code === 'ETIMEDOUT') {
    return new TransportError('connect', `${where}: no connection to ${host} in time (${code})`, { cause: error });
  }
  if (code !== undefined && tlsCodes.test(code)) {
    return new TransportError('tls', `${where}: TLS failure with ${host}: ${detail} (${code})`, { cause: error });
  }
  if (code === 'UND_ERR_HEADERS_TIMEOUT') {
    return new TransportError('timeout', `${where}: no response headers in time (${code})`, { cause: error });
  }
  if (code === 'UND_ERR_BODY_TIMEOUT') {
    return new TransportError('timeout', `${where}: the response body stalled (${code})`, { cause: error });
  }
  if (code === 'UND_ERR_ABORTED' || code === 'ABORT_ERR' || (error instanceof Error && error.name === 'AbortError')) {
    return new TransportError('aborted', `${where}: aborted`, { cause: error });
  }
  if (code === 'ECONNRESET' || code === 'EPIPE' || code === 'UND_ERR_SOCKET' || code === 'UND_ERR_CLOSED') {
    return new TransportError('reset', `${where}: the connection closed before a complete response (${code})`, { cause: error });
  }
  return new TransportError('other', `${where}: ${detail}${code === undefined ? '' : ` (${code})`}`, { cause: error });
}

function codeOf(error: unknown): string | undefined {
  if (typeof error !== 'object' || error === null) return undefined;
  if ('code' in error && typeof error.code === 'string') return error.code;
  return 'cause' in error ? codeOf(error.cause) : undefined;
}

function safeHost(url: string): string {
  try {
    return new URL(url).host;
  } catch {
    return url;
  }
}

export function formatBytes(bytes: number): string {
  if (bytes >= 1024 * 1024 && bytes % (1024 * 1024) === 0) return `${bytes / (1024 * 1024)} MB`;
  if (bytes >= 1024 && bytes % 1024 === 0) return `${bytes / 1024} KB`;
  return `${bytes} bytes`;
}
