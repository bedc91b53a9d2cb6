import type { IncomingHttpHeaders } from 'node:http';
import type { Duplex } from 'node:stream';
import type { Dispatcher } from 'undici';
import { RedirectHandler } from 'undici';

/** The statuses undici's RedirectHandler follows. */
const redirectStatuses = new Set([300, 301, 302, 303, 307, 308]);

/**
 * Follows redirects with undici's own RedirectHandler, as `interceptors.redirect` does, but makes it
 * only when a response is a redirect: for every other response (nearly all of them) the handler, its
 * copies of the options and its URL parsing were pure cost. A request whose body cannot be sent twice
 * (a stream) gets the handler from the start, since it has to watch the body being read. A request's
 * own `maxRedirections` (fetch sends 0) wins over the default, as with undici's interceptor.
 */
export function redirectInterceptor(maxRedirections: number): Dispatcher.DispatcherComposeInterceptor {
  return (dispatch) => (opts, handler) => {
    const own = (opts as { maxRedirections?: number | null }).maxRedirections;
    const limit = own === undefined ? maxRedirections : own;
    if (limit === null || limit === 0) return dispatch(opts, handler);
    const options = own === undefined ? opts : withoutLimit(opts);
    const body = options.body;
    const replayable = body === undefined || body === null || typeof body === 'string' || body instanceof Uint8Array;
    return dispatch(options, replayable ? new FirstHop(dispatch, limit, options, handler) : new RedirectHandler(dispatch, limit, options, handler));
  };
}

function withoutLimit(opts: Dispatcher.DispatchOptions): Dispatcher.DispatchOptions {
  const { maxRedirections: _, ...rest } = opts as Dispatcher.DispatchOptions & { maxRedirections?: unknown };
  return rest;
}

/** Passes the first response through, or hands a redirect (and every later hop) to a RedirectHandler. */
class FirstHop implements Dispatcher.DispatchHandler {
  readonly #dispatch: Dispatcher.Dispatch;
  readonly #limit: number;
  readonly #opts: Dispatcher.DispatchOptions;
  readonly #handler: Dispatcher.DispatchHandler;
  #next: Dispatcher.DispatchHandler;

  constructor(dispatch: Dispatcher.Dispatch, limit: number, opts: Dispatcher.DispatchOptions, handler: Dispatcher.DispatchHandler) {
    this.#dispatch = dispatch;
    this.#limit = limit;
    this.#opts = opts;
    this.#handler = handler;
    this.#next = handler;
  }

  onRequestStart(controller: Dispatcher.DispatchController, context: unknown): void {
    this.#handler.onRequestStart?.(controller, context);
  }

  onRequestUpgrade(controller: Dispatcher.DispatchController, statusCode: number, headers: IncomingHttpHeaders, socket: Duplex): void {
    this.#handler.onRequestUpgrade?.(controller, statusCode, headers, socket);
  }

  onResponseStart(controller: Dispatcher.DispatchController, statusCode: number, headers: IncomingHttpHeaders, statusMessage?: string): void {
    if (redirectStatuses.has(statusCode) && Boolean(headers.location)) {
      this.#next = new RedirectHandler(this.#dispatch, this.#limit, this.#opts, this.#handler);
    }
    this.#next.onResponseStart?.(controller, statusCode, headers, statusMessage);
  }

  onResponseData(controller: Dispatcher.DispatchController, chunk: Buffer): void {
    this.#next.onResponseData?.(controller, chunk);
  }

  onResponseEnd(controller: Dispatcher.DispatchController, trailers: IncomingHttpHeaders): void {
    this.#next.onResponseEnd?.(controller, trailers);
  }

  onResponseError(controller: Dispatcher.DispatchController, error: Error): void {
    this.#next.onResponseError?.(controller, error);
  }
}
