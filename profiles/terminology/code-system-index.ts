import type { CodeSystem, CodeSystemConcept } from 'fhir/r4.js';

/** One concept of a code system, with its hierarchy and properties, for local expansion and lookups. */
export interface IndexedConcept {
  readonly code: string;
  readonly display: string | undefined;
  readonly designations: readonly string[];
  readonly parents: Set<string>;
  readonly children: Set<string>;
  readonly properties: ReadonlyMap<string, readonly string[]>;
}

export interface CodeSystemIndex {
  readonly url: string;
  /** complete: every code is here; otherwise (fragment, example, not-present) absence proves nothing. */
  readonly complete: boolean;
  readonly caseSensitive: boolean;
  readonly concepts: ReadonlyMap<string, IndexedConcept>;
}

/** Indexes a CodeSystem: nesting, `parent`/`subsumedBy` and `child` properties all give the hierarchy. */
export function indexCodeSystem(cs: CodeSystem): CodeSystemIndex {
  const concepts = new Map<string, IndexedConcept>();
  const visit = (list: readonly CodeSystemConcept[] | undefined, parent: string | undefined): void => {
    for (const concept of list ?? []) {
      const properties = new Map<string, string[]>();
      for (const property of concept.property ?? []) {
        const value = propertyValue(property as unknown as Record<string, unknown>);
        if (value === undefined) continue;
        const values = properties.get(property.code) ?? [];
        values.push(value);
        properties.set(property.code, values);
      }
      const indexed: IndexedConcept = {
        code: concept.code,
        display: concept.display,
        designations: (concept.designation ?? []).map((d) => d.value),
        parents: new Set(parent === undefined ? [] : [parent]),
        children: new Set(),
        properties,
      };
      concepts.set(concept.code, indexed);
      visit(concept.concept, concept.code);
    }
  };
  visit(cs.concept, undefined);
  for (const concept of concepts.values()) {
    for (const parent of [...(concept.properties.get('parent') ?? []), ...(concept.properties.get('subsumedBy') ?? [])]) concept.parents.add(parent);
    for (const child of concept.properties.get('child') ?? []) concepts.get(child)?.parents.add(concept.code);
  }
  for (const concept of concepts.values()) for (const parent of concept.parents) concepts.get(parent)?.children.add(concept.code);
  return { url: cs.url ?? '', complete: cs.content === 'complete', caseSensitive: cs.caseSensitive !== false, concepts };
}

function propertyValue(property: Record<string, unknown>): string | undefined {
  for (const key of Object.keys(property)) {
    if (!key.startsWith('value')) continue;
    const value = property[key];
    if (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean') return String(value);
    if (typeof value === 'object' && value !== null && 'code' in value && typeof value.code === 'string') return value.code;
  }
  return undefined;
}

/** The code and every code below it in the hierarchy. */
export function descendantsOf(index: CodeSystemIndex, code: string, includeSelf: boolean): Set<string> {
  const result = new Set<string>();
  const pending = [code];
  for (let next = pending.pop(); next !== undefined; next = pending.pop()) {
    for (const child of index.concepts.get(next)?.children ?? []) {
      if (!result.has(child)) {
        result.add(child);
        pending.push(child);
      }
    }
  }
  if (includeSelf && index.concepts.has(code)) result.add(code);
  else result.delete(code);
  return result;
}

/** The code and every code above it. */
export function ancestorsOf(index: CodeSystemIndex, code: string): Set<string> {
  const result = new Set<string>();
  const pending = [code];
  for (let next = pending.pop(); next !== undefined; next = pending.pop()) {
    if (result.has(next) || !index.concepts.has(next)) continue;
    result.add(next);
    pending.push(...(index.concepts.get(next)?.parents ?? []));
  }
  return result;
}
