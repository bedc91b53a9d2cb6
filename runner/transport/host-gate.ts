/**
 * Politeness towards one host: at most `concurrency` requests in flight and at most `ratePerSecond`
 * requests started per second, spaced evenly (no bursts). Waiters are served first come, first served and
 * leave the queue when their signal aborts.
 */
export interface HostLimits {
  readonly concurrency: number;
  /** 0 for no rate limit. */
  readonly ratePerSecond: number;
}

/** Anything that can wait: the real clock by default, a fake one in tests. */
export interface Sleeper {
  now(): number;
  sleep(ms: number, signal: AbortSignal | undefined): Promise<void>;
}

export const realClock: Sleeper = {
  now: () => performance.now(),
  sleep: (ms, signal) =>
    new Promise((resolve, reject) => {
      if (signal?.aborted === true) {
        reject(abortReason(signal));
        return;
      }
      const onAbort = (): void => {
        clearTimeout(timer);
        reject(abortReason(signal));
      };
      const timer = setTimeout(() => {
        signal?.removeEventListener('abort', onAbort);
        resolve();
      }, ms);
      signal?.addEventListener('abort', onAbort, { once: true });
    }),
};

interface Waiter {
  readonly grant: () => void;
}

export class HostGate {
  readonly #limits: HostLimits;
  readonly #clock: Sleeper;
  #inFlight = 0;
  readonly #queue: Waiter[] = [];
  /** When the next request may start, on the clock's timeline. */
  #nextStart = -Infinity;

  constructor(limits: HostLimits, clock: Sleeper = realClock) {
    this.#limits = limits;
    this.#clock = clock;
  }

  /** A slot at once, without waiting, when one is free and no rate limit applies (the common case). */
  tryAcquire(): (() => void) | undefined {
    if (this.#limits.ratePerSecond > 0 || this.#inFlight >= this.#limits.concurrency || this.#queue.length > 0) return undefined;
    this.#inFlight++;
    return this.#releaser();
  }

  /** Waits for a slot and for the rate limit; returns the release function. */
  async acquire(signal?: AbortSignal): Promise<() => void> {
    await this.#slot(signal);
    const release = this.#releaser();
    try {
      await this.#pace(signal);
    } catch (error) {
      release();
      throw error;
    }
    return release;
  }

  #releaser(): () => void {
    let released = false;
    return () => {
      if (released) return;
      released = true;
      this.#inFlight--;
      this.#queue.shift()?.grant();
    };
  }

  #slot(signal: AbortSignal | undefined): Promise<void> {
    if (signal?.aborted === true) return Promise.reject(abortReason(signal));
    if (this.#inFlight < this.#limits.concurrency) {
      this.#inFlight++;
      return Promise.resolve();
    }
    return new Promise((resolve, reject) => {
      const waiter: Waiter = {
        grant: () => {
          signal?.removeEventListener('abort', onAbort);
          this.#inFlight++;
          resolve();
        },
      };
      const onAbort = (): void => {
        const index = this.#queue.indexOf(waiter);
        if (index >= 0) this.#queue.splice(index, 1);
        reject(abortReason(signal));
      };
      signal?.addEventListener('abort', onAbort, { once: true });
      this.#queue.push(waiter);
    });
  }

  async #pace(signal: AbortSignal | undefined): Promise<void> {
    if (this.#limits.ratePerSecond <= 0) return;
    const interval = 1000 / this.#limits.ratePerSecond;
    const now = this.#clock.now();
    const start = Math.max(now, this.#nextStart);
    this.#nextStart = start + interval;
    if (start > now) await this.#clock.sleep(start - now, signal);
  }
}

function abortReason(signal: AbortSignal | undefined): Error {
  return signal?.reason instanceof Error ? signal.reason : new DOMException('aborted', 'AbortError');
}
