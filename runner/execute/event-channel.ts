import type { RunEvent } from '../../reports/model.js';

/**
 * Fans the runner's events out to every reporter: each subscriber gets its own queue and reads at its
 * own pace, so a slow reporter never loses an event or holds up the run. Subscribe before the run starts.
 */
export class EventChannel {
  readonly #queues: EventQueue[] = [];
  #closed = false;

  subscribe(): AsyncIterable<RunEvent> {
    const queue = new EventQueue();
    if (this.#closed) queue.close();
    this.#queues.push(queue);
    return queue;
  }

  emit(event: RunEvent): void {
    if (this.#closed) return;
    for (const queue of this.#queues) queue.push(event);
  }

  close(): void {
    this.#closed = true;
    for (const queue of this.#queues) queue.close();
  }
}

class EventQueue implements AsyncIterable<RunEvent> {
  readonly #items: RunEvent[] = [];
  #head = 0;
  #closed = false;
  #wake: (() => void) | undefined;

  push(event: RunEvent): void {
    this.#items.push(event);
    this.#wake?.();
  }

  close(): void {
    this.#closed = true;
    this.#wake?.();
  }

  async *[Symbol.asyncIterator](): AsyncIterator<RunEvent> {
    for (;;) {
      if (this.#head < this.#items.length) {
        const event = this.#items[this.#head] as RunEvent;
        this.#head++;
        // Drop consumed events now and then so a long run does not keep them all.
        if (this.#head > 1024) {
          this.#items.splice(0, this.#head);
          this.#head = 0;
        }
        yield event;
      } else if (this.#closed) {
        return;
      } else {
        await new Promise<void>((resolve) => (this.#wake = resolve));
        this.#wake = undefined;
      }
    }
  }
}
