import type { TerminologyMode } from '../types.js';
import type { LocalTerminology } from './local.js';
import type { CodeInput, LookupVerdict, MembershipVerdict, TerminologyService } from './types.js';

export interface RemoteTerminologyOptions {
  /** How long one request may take before the code is reported as not checked (default 10 s). */
  readonly timeoutMs?: number;
}

/**
 * A FHIR terminology server (the NHS England Ontology Server, tx.fhir.org, …) for what local expansion cannot
 * decide: `ValueSet/$validate-code` and `CodeSystem/$validate-code` over HTTP. Local content still answers
 * first; answers from the server are cached for this instance's life (one per ProfileSet). A server that
 * cannot be reached or answers oddly leaves the code "not checked", with the reason: never a pass.
 */
export class RemoteTerminology implements TerminologyService {
  readonly mode: TerminologyMode;
  readonly #server: string;
  readonly #local: LocalTerminology;
  readonly #timeoutMs: number;
  readonly #cache = new Map<string, Promise<MembershipVerdict>>();

  constructor(server: string, local: LocalTerminology, options: RemoteTerminologyOptions = {}) {
    this.#server = server.replace(/\/+$/, '');
    this.mode = { kind: 'remote', server: this.#server };
    this.#local = local;
    this.#timeoutMs = options.timeoutMs ?? 10_000;
  }

  async validateCode(valueSet: string, code: CodeInput): Promise<MembershipVerdict> {
    const local = this.#local.checkMembership(valueSet, code);
    if (local.result !== 'unknown') return local;
    const query = new URLSearchParams({ url: valueSet, code: code.code });
    if (code.system !== undefined) query.set('system', code.system);
    else query.set('inferSystem', 'true');
    if (code.version !== undefined) query.set('systemVersion', code.version);
    return this.#ask(`ValueSet/$validate-code?${query.toString()}`);
  }

  async lookup(system: string, code: string): Promise<LookupVerdict> {
    const local = this.#local.lookupCode(system, code);
    if (local.result !== 'unknown') return local;
    const verdict = await this.#ask(`CodeSystem/$validate-code?${new URLSearchParams({ url: system, code }).toString()}`);
    switch (verdict.result) {
      case 'member':
        return { result: 'found', displays: verdict.display === undefined ? [] : [verdict.display] };
      case 'not-member':
        return { result: 'not-found' };
      case 'unknown':
        return verdict;
    }
  }

  knownMembership(valueSet: string, code: CodeInput): MembershipVerdict | undefined {
    const local = this.#local.checkMembership(valueSet, code);
    return local.result === 'unknown' ? undefined : local;
  }

  knownLookup(system: string, code: string): LookupVerdict | undefined {
    const local = this.#local.lookupCode(system, code);
    return local.result === 'unknown' ? undefined : local;
  }

  isValueSet(canonical: string): boolean {
    return this.#local.isValueSet(canonical);
  }

  #ask(query: string): Promise<MembershipVerdict> {
    let answer = this.#cache.get(query);
    if (answer === undefined) {
      answer = this.#request(query);
      this.#cache.set(query, answer);
    }
    return answer;
  }

  async #request(query: string): Promise<MembershipVerdict> {
    const url = `${this.#server}/${query}`;
    let response: Response;
    try {
      response = await fetch(url, { headers: { accept: 'application/fhir+json' }, signal: AbortSignal.timeout(this.#timeoutMs) });
    } catch (error) {
      return { result: 'unknown', reason: `the terminology server ${this.#server} could not be reached (${describeError(error)})` };
    }
    const body = await response.text().catch(() => '');
    if (!response.ok) return { result: 'unknown', reason: `the terminology server ${this.#server} answered HTTP ${response.status}` };
    return readParameters(body, this.#server);
  }
}

/** A $validate-code answer: Parameters with `result` (boolean), and optionally `message` and `display`. */
function readParameters(body: string, server: string): MembershipVerdict {
  let parsed: unknown;
  try {
    parsed = JSON.parse(body);
  } catch {
    return { result: 'unknown', reason: `the terminology server ${server} did not answer with JSON` };
  }
  const parameters = (parsed as { resourceType?: unknown; parameter?: unknown }).parameter;
  if ((parsed as { resourceType?: unknown }).resourceType !== 'Parameters' || !Array.isArray(parameters)) {
    return { result: 'unknown', reason: `the terminology server ${server} did not answer with Parameters` };
  }
  const find = (name: string): Record<string, unknown> | undefined =>
    (parameters as Record<string, unknown>[]).find((p) => typeof p === 'object' && p !== null && p.name === name);
  const result = find('result')?.valueBoolean;
  const message = find('message')?.valueString;
  const display = find('display')?.valueString;
  if (result === true) return typeof display === 'string' ? { result: 'member', display } : { result: 'member' };
  if (result === false) return typeof message === 'string' ? { result: 'not-member', message } : { result: 'not-member' };
  return { result: 'unknown', reason: `the terminology server ${server} gave no result` };
}

function describeError(error: unknown): string {
  if (error instanceof Error) {
    const cause = (error as { cause?: unknown }).cause;
    return cause instanceof Error ? `${error.message}: ${cause.message}` : error.message;
  }
  return String(error);
}
