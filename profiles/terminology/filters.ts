import type { ValueSetComposeIncludeFilter } from 'fhir/r4.js';
import { ancestorsOf, descendantsOf, type CodeSystemIndex } from './code-system-index.js';

/**
 * The codes of a complete code system that pass every filter of an include; undefined when a filter uses
 * an operator or property that cannot be decided from the code system's content.
 */
export function applyFilters(cs: CodeSystemIndex, filters: readonly ValueSetComposeIncludeFilter[]): Set<string> | undefined {
  let codes = new Set(cs.concepts.keys());
  for (const filter of filters) {
    const passing = filterCodes(cs, filter);
    if (passing === undefined) return undefined;
    codes = new Set([...codes].filter((c) => passing.has(c)));
  }
  return codes;
}

function filterCodes(cs: CodeSystemIndex, filter: ValueSetComposeIncludeFilter): Set<string> | undefined {
  const { property, op, value } = filter;
  const hierarchical = property === 'concept' || property === 'code';
  switch (op) {
    case 'is-a':
      return hierarchical ? descendantsOf(cs, value, true) : undefined;
    case 'descendent-of':
      return hierarchical ? descendantsOf(cs, value, false) : undefined;
    case 'is-not-a': {
      if (!hierarchical) return undefined;
      const excluded = descendantsOf(cs, value, true);
      return new Set([...cs.concepts.keys()].filter((c) => !excluded.has(c)));
    }
    case 'generalizes':
      return hierarchical ? ancestorsOf(cs, value) : undefined;
    case 'in':
    case 'not-in': {
      const listed = new Set(value.split(',').map((v) => v.trim()));
      const matches = (code: string): boolean => (hierarchical ? listed.has(code) : (propertyValues(cs, code, property) ?? []).some((v) => listed.has(v)));
      return new Set([...cs.concepts.keys()].filter((c) => matches(c) === (op === 'in')));
    }
    case '=':
      return new Set([...cs.concepts.keys()].filter((c) => (hierarchical ? c === value : (propertyValues(cs, c, property) ?? []).includes(value))));
    case 'regex': {
      let regex: RegExp;
      try {
        regex = new RegExp(`^(?:${value})$`);
      } catch {
        return undefined;
      }
      return new Set([...cs.concepts.keys()].filter((c) => (hierarchical ? regex.test(c) : (propertyValues(cs, c, property) ?? []).some((v) => regex.test(v)))));
    }
    case 'exists': {
      const wanted = value === 'true';
      return new Set([...cs.concepts.keys()].filter((c) => ((propertyValues(cs, c, property) ?? []).length > 0) === wanted));
    }
    default:
      return undefined;
  }
}

function propertyValues(cs: CodeSystemIndex, code: string, property: string): readonly string[] | undefined {
  const concept = cs.concepts.get(code);
  if (concept === undefined) return undefined;
  if (property === 'display') return concept.display === undefined ? [] : [concept.display];
  return concept.properties.get(property) ?? [];
}
