import type { CodeSystem, ValueSet } from 'fhir/r4.js';
import type { Definitions, TerminologyMode } from '../types.js';
import { indexCodeSystem, type CodeSystemIndex } from './code-system-index.js';
import { expandValueSet, openExpansion, type Expansion, type ExpansionSources } from './expansion.js';
import { grammarRule } from './grammar-systems.js';
import type { CodeInput, LookupVerdict, MembershipVerdict, TerminologyService } from './types.js';

/**
 * Terminology from the loaded packages only: value sets expanded from their compose and the code systems
 * that are loaded in full. Whatever needs more (SNOMED CT, LOINC, dm+d, ECL filters) is answered `unknown`
 * with the reason, never as a pass. Expansions are computed on first use and kept for this instance's life.
 */
export class LocalTerminology implements TerminologyService {
  readonly mode: TerminologyMode = { kind: 'local' };
  readonly #definitions: Definitions;
  readonly #expansions = new Map<string, Expansion>();
  readonly #codeSystems = new Map<string, CodeSystemIndex | null>();
  readonly #expanding = new Set<string>();
  readonly #valueSetUrls = new Map<string, boolean>();

  constructor(definitions: Definitions) {
    this.#definitions = definitions;
  }

  validateCode(valueSet: string, code: CodeInput): Promise<MembershipVerdict> {
    return Promise.resolve(this.checkMembership(valueSet, code));
  }

  lookup(system: string, code: string): Promise<LookupVerdict> {
    return Promise.resolve(this.lookupCode(system, code));
  }

  knownMembership(valueSet: string, code: CodeInput): MembershipVerdict {
    return this.checkMembership(valueSet, code);
  }

  knownLookup(system: string, code: string): LookupVerdict {
    return this.lookupCode(system, code);
  }

  isValueSet(canonical: string): boolean {
    let known = this.#valueSetUrls.get(canonical);
    if (known === undefined) {
      known = this.#definitions.resolve(canonical)?.resourceType === 'ValueSet';
      this.#valueSetUrls.set(canonical, known);
    }
    return known;
  }

  checkMembership(valueSet: string, code: CodeInput): MembershipVerdict {
    const expansion = this.expand(valueSet);
    const system = code.system;
    if (system !== undefined) {
      const members = expansion.members.get(system);
      if (members?.has(code.code) === true) return member(members.get(code.code));
      if (expansion.rules.get(system)?.(code.code) === true) return { result: 'member' };
      const reason = expansion.open.get(system) ?? expansion.open.get('*');
      if (reason !== undefined) return { result: 'unknown', reason };
      return { result: 'not-member' };
    }
    for (const members of expansion.members.values()) if (members.has(code.code)) return member(members.get(code.code));
    for (const rule of expansion.rules.values()) if (rule(code.code)) return { result: 'member' };
    const reason = [...expansion.open.values()][0];
    return reason === undefined ? { result: 'not-member' } : { result: 'unknown', reason };
  }

  lookupCode(system: string, code: string): LookupVerdict {
    const cs = this.codeSystem(system);
    if (cs === undefined) {
      const rule = grammarRule(system);
      if (rule !== undefined) return rule(code) ? { result: 'found', displays: [] } : { result: 'not-found' };
      return { result: 'unknown', reason: `code system ${system} is not available locally` };
    }
    const concept = cs.concepts.get(code);
    if (concept !== undefined) return { result: 'found', displays: [concept.display, ...concept.designations].filter((d): d is string => d !== undefined) };
    return cs.complete ? { result: 'not-found' } : { result: 'unknown', reason: `code system ${system} is only partly available locally` };
  }

  expand(canonical: string): Expansion {
    const known = this.#expansions.get(canonical);
    if (known !== undefined) return known;
    if (this.#expanding.has(canonical)) return openExpansion(`value set ${canonical} includes itself`);
    this.#expanding.add(canonical);
    try {
      const vs = this.valueSet(canonical);
      const expansion = vs === undefined ? openExpansion(`value set ${canonical} is not available locally`) : expandValueSet(vs, this.#sources);
      this.#expansions.set(canonical, expansion);
      return expansion;
    } finally {
      this.#expanding.delete(canonical);
    }
  }

  readonly #sources: ExpansionSources = {
    valueSet: (canonical) => this.valueSet(canonical),
    codeSystem: (canonical) => this.codeSystem(canonical),
    expand: (canonical) => this.expand(canonical),
  };

  private valueSet(canonical: string): ValueSet | undefined {
    const resource = this.#definitions.resolve(canonical);
    return resource?.resourceType === 'ValueSet' ? (resource as unknown as ValueSet) : undefined;
  }

  private codeSystem(canonical: string): CodeSystemIndex | undefined {
    const known = this.#codeSystems.get(canonical);
    if (known !== undefined) return known ?? undefined;
    const resource = this.#definitions.resolve(canonical);
    const index = resource?.resourceType === 'CodeSystem' ? indexCodeSystem(resource as unknown as CodeSystem) : undefined;
    this.#codeSystems.set(canonical, index ?? null);
    return index;
  }
}

function member(display: string | undefined): MembershipVerdict {
  return display === undefined ? { result: 'member' } : { result: 'member', display };
}
