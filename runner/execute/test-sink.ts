import { canonicalJson } from '../../reports/canonical-json.js';
import { sha256Hex } from '../../reports/digest.js';
import type { EvidenceRef, Exchange, RunEvent } from '../../reports/model.js';
import type { ExchangeSink } from '../transport/recording-interceptor.js';

/** The sha256 (hex) of an exchange's canonical JSON: how a result references its evidence. */
export function evidenceRef(exchange: Exchange): EvidenceRef {
  return { id: exchange.id, sha256: sha256Hex(canonicalJson(exchange)) };
}

/**
 * Collects one test's exchanges (or the set-up's, under `setup`): numbers them in the order they are
 * sent, emits each as an event and keeps its reference. Exchanges that finish after the test has ended
 * (abandoned requests) are dropped: they are no part of its verdict.
 */
export class TestSink implements ExchangeSink {
  readonly #scope: string;
  readonly #emit: (event: RunEvent) => void;
  readonly #refs: { readonly n: number; readonly ref: EvidenceRef }[] = [];
  #next = 0;
  #closed = false;

  constructor(scope: string, emit: (event: RunEvent) => void) {
    this.#scope = scope;
    this.#emit = emit;
  }

  nextId(): string {
    return `${this.#scope}#${++this.#next}`;
  }

  record(exchange: Exchange): void {
    if (this.#closed) return;
    this.#refs.push({ n: Number(exchange.id.slice(exchange.id.lastIndexOf('#') + 1)), ref: evidenceRef(exchange) });
    this.#emit({ kind: 'exchange', testId: this.#scope, exchange });
  }

  /** Ends the test's evidence; its references in the order the requests were sent. */
  close(): EvidenceRef[] {
    this.#closed = true;
    return [...this.#refs].sort((a, b) => a.n - b.n).map((entry) => entry.ref);
  }

  /** References so far, for a later test that rests on them (the CapabilityStatement exchange). */
  get refs(): EvidenceRef[] {
    return this.#refs.map((entry) => entry.ref);
  }
}
