/** Something with a deadline: told once when it has passed. */
export interface Expiring {
  expire(): void;
}

/** A watched deadline; `Deadlines.clear` forgets it. */
export interface Deadline {
  readonly at: number;
  readonly target: Expiring;
  previous: Deadline | undefined;
  next: Deadline | undefined;
}

/**
 * The request deadlines of one transport, watched by a single timer instead of one per request (a
 * timer each was a Timeout object and a timer-list insertion and removal per request). Every deadline
 * is the same time after its start, so they pass in the order they were set: a list in that order
 * has the next one to pass at its head, and the timer is armed for the head. A deadline cleared
 * before it passes is unlinked; the timer may then wake for nothing and re-arms for the new head.
 */
export class Deadlines {
  readonly #ms: number;
  #head: Deadline | undefined;
  #tail: Deadline | undefined;
  #timer: NodeJS.Timeout | undefined;
  /** When the armed timer fires. */
  #armedFor = Infinity;

  constructor(ms: number) {
    this.#ms = ms;
  }

  /** Watches a deadline `ms` from now. */
  set(target: Expiring): Deadline {
    const deadline: Deadline = { at: performance.now() + this.#ms, target, previous: this.#tail, next: undefined };
    if (this.#tail === undefined) this.#head = deadline;
    else this.#tail.next = deadline;
    this.#tail = deadline;
    if (deadline === this.#head) this.#arm();
    return deadline;
  }

  clear(deadline: Deadline): void {
    const { previous, next } = deadline;
    if (previous === undefined && next === undefined && this.#head !== deadline) return;
    if (previous === undefined) this.#head = next;
    else previous.next = next;
    if (next === undefined) this.#tail = previous;
    else next.previous = previous;
    deadline.previous = undefined;
    deadline.next = undefined;
  }

  /** Stops watching (the transport is closing). */
  stop(): void {
    clearTimeout(this.#timer);
    this.#timer = undefined;
    this.#armedFor = Infinity;
    this.#head = undefined;
    this.#tail = undefined;
  }

  #arm(): void {
    const head = this.#head;
    if (head === undefined || head.at >= this.#armedFor) return;
    clearTimeout(this.#timer);
    this.#armedFor = head.at;
    // Unref'd: a request in flight keeps the process alive through its socket, not through this.
    this.#timer = setTimeout(this.#fire, Math.max(0, Math.ceil(head.at - performance.now()))).unref();
  }

  readonly #fire = (): void => {
    this.#timer = undefined;
    this.#armedFor = Infinity;
    const now = performance.now();
    while (this.#head !== undefined && this.#head.at <= now) {
      const passed = this.#head;
      this.clear(passed);
      passed.target.expire();
    }
    this.#arm();
  };
}
