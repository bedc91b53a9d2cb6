import type { OuterController } from './outer-controller.js';

/** A request's place among those in flight; `leave` takes it back. */
export interface Entry {
  readonly request: OuterController;
  index: number;
}

/**
 * The requests of one scope (a test, or the run's set-up) that are in flight. One listener on the
 * scope's signal aborts them all: adding and removing a listener per request cost more than the
 * request's own bookkeeping. They are kept in an array, not a Set: a long-lived Set that short-lived
 * entries pass through keeps their garbage alive into the old heap (measured: five times the
 * promoted bytes per scavenge, and scavenges several times longer).
 */
export class InFlight {
  readonly #signal: AbortSignal;
  readonly #entries: Entry[] = [];
  #listening = false;

  constructor(signal: AbortSignal) {
    this.#signal = signal;
  }

  /** Follows the scope's signal until `leave`; a request that starts after the abort is aborted at once. */
  enter(request: OuterController): Entry {
    const entry = { request, index: -1 };
    if (this.#signal.aborted) {
      request.abort(abortReason(this.#signal));
      return entry;
    }
    if (!this.#listening) {
      this.#listening = true;
      this.#signal.addEventListener('abort', () => this.#abortAll(), { once: true });
    }
    entry.index = this.#entries.push(entry) - 1;
    return entry;
  }

  leave(entry: Entry): void {
    if (entry.index < 0) return;
    const last = this.#entries.pop();
    if (last !== undefined && last !== entry) {
      this.#entries[entry.index] = last;
      last.index = entry.index;
    }
    entry.index = -1;
  }

  #abortAll(): void {
    const reason = abortReason(this.#signal);
    for (const entry of this.#entries.splice(0)) {
      entry.index = -1;
      entry.request.abort(reason);
    }
  }
}

export function abortReason(signal: AbortSignal): Error {
  return signal.reason instanceof Error ? signal.reason : new DOMException('aborted', 'AbortError');
}
