import type { ValueSet, ValueSetComposeInclude, ValueSetExpansionContains } from 'fhir/r4.js';
import type { CodeSystemIndex } from './code-system-index.js';
import { applyFilters } from './filters.js';
import { grammarRule } from './grammar-systems.js';

/**
 * What could be worked out locally about a value set: the codes known to be in it, the systems whose codes
 * are decided by a grammar (UCUM, MIME types), and the systems (or `*`: anything) whose membership could not
 * be decided without a terminology server, with the reason.
 */
export interface Expansion {
  readonly members: ReadonlyMap<string, ReadonlyMap<string, string | undefined>>;
  readonly rules: ReadonlyMap<string, (code: string) => boolean>;
  readonly open: ReadonlyMap<string, string>;
}

export interface ExpansionSources {
  valueSet(canonical: string): ValueSet | undefined;
  codeSystem(canonical: string): CodeSystemIndex | undefined;
  expand(canonical: string): Expansion;
}

interface Builder {
  members: Map<string, Map<string, string | undefined>>;
  rules: Map<string, (code: string) => boolean>;
  open: Map<string, string>;
}

const empty = (): Builder => ({ members: new Map(), rules: new Map(), open: new Map() });

export function openExpansion(reason: string): Expansion {
  return { members: new Map(), rules: new Map(), open: new Map([['*', reason]]) };
}

/** Expands a ValueSet's compose (include, exclude, filters, imported value sets) as far as local content allows. */
export function expandValueSet(vs: ValueSet, sources: ExpansionSources): Expansion {
  const compose = vs.compose;
  if (compose === undefined) {
    if (vs.expansion?.contains !== undefined) return fromContains(vs.expansion.contains);
    return openExpansion(`value set ${vs.url ?? vs.id ?? ''} has neither a compose nor an expansion`);
  }
  const result = empty();
  for (const include of compose.include) merge(result, includePart(include, sources));
  for (const exclude of compose.exclude ?? []) subtract(result, includePart(exclude, sources));
  return result;
}

function includePart(include: ValueSetComposeInclude, sources: ExpansionSources): Builder {
  const parts: Builder[] = [];
  if (include.system !== undefined) parts.push(systemPart(include, include.system, sources));
  for (const canonical of include.valueSet ?? []) parts.push(toBuilder(sources.expand(canonical)));
  const [first, ...rest] = parts;
  if (first === undefined) return empty();
  return rest.reduce(intersect, first);
}

function systemPart(include: ValueSetComposeInclude, system: string, sources: ExpansionSources): Builder {
  const part = empty();
  const cs = sources.codeSystem(system);
  if (include.concept !== undefined) {
    const codes = new Map<string, string | undefined>();
    for (const concept of include.concept) codes.set(concept.code, concept.display ?? cs?.concepts.get(concept.code)?.display);
    part.members.set(system, codes);
    return part;
  }
  if (cs === undefined || !cs.complete) {
    const rule = include.filter === undefined ? grammarRule(system) : undefined;
    if (rule !== undefined) part.rules.set(system, rule);
    else part.open.set(system, cs === undefined ? `code system ${system} is not available locally` : `code system ${system} is only partly available locally (content is not complete)`);
    if (cs !== undefined) part.members.set(system, new Map([...cs.concepts.values()].map((c) => [c.code, c.display])));
    return part;
  }
  const filtered = applyFilters(cs, include.filter ?? []);
  if (filtered === undefined) {
    part.open.set(system, `a filter on ${system} cannot be evaluated locally`);
    return part;
  }
  part.members.set(system, new Map([...filtered].map((code) => [code, cs.concepts.get(code)?.display])));
  return part;
}

function fromContains(contains: readonly ValueSetExpansionContains[]): Expansion {
  const result = empty();
  const walk = (list: readonly ValueSetExpansionContains[]): void => {
    for (const entry of list) {
      if (entry.system !== undefined && entry.code !== undefined) addMember(result, entry.system, entry.code, entry.display);
      walk(entry.contains ?? []);
    }
  };
  walk(contains);
  return result;
}

function addMember(builder: Builder, system: string, code: string, display: string | undefined): void {
  let codes = builder.members.get(system);
  if (codes === undefined) {
    codes = new Map();
    builder.members.set(system, codes);
  }
  codes.set(code, display);
}

function toBuilder(expansion: Expansion): Builder {
  return {
    members: new Map([...expansion.members].map(([s, codes]) => [s, new Map(codes)])),
    rules: new Map(expansion.rules),
    open: new Map(expansion.open),
  };
}

function merge(into: Builder, part: Builder): void {
  for (const [system, codes] of part.members) for (const [code, display] of codes) addMember(into, system, code, display);
  for (const [system, rule] of part.rules) into.rules.set(system, rule);
  for (const [system, reason] of part.open) into.open.set(system, reason);
}

/** Codes in both; where either side could not decide a system the other mentions, the result cannot either. */
function intersect(a: Builder, b: Builder): Builder {
  const result = empty();
  for (const [system, codes] of a.members) {
    for (const [code, display] of codes) {
      if (b.members.get(system)?.has(code) === true || b.rules.get(system)?.(code) === true) addMember(result, system, code, display);
      else if (b.open.has(system) || b.open.has('*')) result.open.set(system, b.open.get(system) ?? b.open.get('*') ?? '');
    }
  }
  for (const [system, codes] of b.members) {
    for (const [code] of codes) if (a.rules.get(system)?.(code) === true) addMember(result, system, code, codes.get(code));
    if (a.open.has(system) || a.open.has('*')) result.open.set(system, a.open.get(system) ?? a.open.get('*') ?? '');
  }
  for (const [system, reason] of a.open) if (b.open.has(system) || b.members.has(system) || b.rules.has(system)) result.open.set(system, reason);
  return result;
}

/** Removes excluded codes; an exclusion that cannot be decided leaves its system undecided. */
function subtract(from: Builder, part: Builder): void {
  for (const [system, codes] of part.members) for (const code of codes.keys()) from.members.get(system)?.delete(code);
  for (const [system, reason] of part.open) {
    from.members.delete(system);
    from.open.set(system, reason);
  }
  for (const system of part.rules.keys()) {
    from.members.delete(system);
    from.rules.delete(system);
  }
}
