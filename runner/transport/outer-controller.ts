import type { Dispatcher } from 'undici';

/**
 * The controller the client above the transport holds for the whole request, across retries: pausing,
 * resuming and aborting reach whichever attempt is on the wire, and an abort before the first attempt
 * (while waiting for the host's gate) stops the wait through `signal`.
 */
export class OuterController implements Dispatcher.DispatchController {
  /** Made only when something waits on it (the gate, a retry's pause): most requests never do. */
  #abort: AbortController | undefined;
  #inner: Dispatcher.DispatchController | undefined;
  #reason: Error | null = null;
  #paused = false;

  get aborted(): boolean {
    return this.#reason !== null;
  }

  get paused(): boolean {
    return this.#paused;
  }

  get reason(): Error | null {
    return this.#reason;
  }

  get signal(): AbortSignal {
    this.#abort ??= new AbortController();
    if (this.#reason !== null && !this.#abort.signal.aborted) this.#abort.abort(this.#reason);
    return this.#abort.signal;
  }

  abort(reason: Error): void {
    if (this.aborted) return;
    this.#reason = reason;
    this.#abort?.abort(reason);
    this.#inner?.abort(reason);
  }

  pause(): void {
    this.#paused = true;
    this.#inner?.pause();
  }

  resume(): void {
    this.#paused = false;
    this.#inner?.resume();
  }

  /** The controller of the attempt now on the wire. */
  attach(inner: Dispatcher.DispatchController): void {
    this.#inner = inner;
    if (this.#reason !== null) inner.abort(this.#reason);
    else if (this.#paused) inner.pause();
  }
}
