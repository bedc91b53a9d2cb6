import type { IssuedToken } from './token-endpoint.js';

/** Refresh this long before a token expires, so no request is sent with one about to lapse. */
const refreshMarginSeconds = 30;

/**
 * Holds the current access token and gets a new one when it is about to expire. Concurrent requests
 * share one refresh; a failed refresh is not cached, so the next request tries again.
 */
export class TokenCache {
  readonly #issue: () => Promise<IssuedToken>;
  readonly #now: () => number;
  #current: { readonly token: string; readonly refreshAt: number } | undefined;
  #pending: Promise<string> | undefined;

  constructor(issue: () => Promise<IssuedToken>, now: () => number = Date.now) {
    this.#issue = issue;
    this.#now = now;
  }

  token(): Promise<string> {
    if (this.#current !== undefined && this.#now() < this.#current.refreshAt) return Promise.resolve(this.#current.token);
    this.#pending ??= this.#issue()
      .then((issued) => {
        const margin = Math.min(refreshMarginSeconds, issued.expiresInSeconds / 2);
        this.#current = { token: issued.accessToken, refreshAt: this.#now() + (issued.expiresInSeconds - margin) * 1000 };
        return issued.accessToken;
      })
      .finally(() => (this.#pending = undefined));
    return this.#pending;
  }
}
