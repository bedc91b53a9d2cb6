import fhirpath from 'fhirpath';
import type { Model } from 'fhirpath';
import r4 from 'fhirpath/fhir-context/r4/index.js';

/**
 * Derives, from a resource the server holds, a value to search it by with one search parameter: the
 * parameter's FHIRPath expression (from its SearchParameter definition) picks the element, and the
 * parameter type says how that element is written in a query (search.html#ptypes). A value that cannot
 * be derived comes back as the reason, so the test can say what data was missing.
 */

export interface SearchParameterDefinition {
  readonly url?: string;
  readonly code?: string;
  readonly type: string;
  readonly expression?: string;
}

export type Derived = { readonly value: string } | { readonly reason: string };

/**
 * A value of the same parameter that the resource does not match, so a search by it must leave the
 * resource out: a server that ignores the parameter gives itself away by returning it.
 */
export function nonMatchingValue(type: string, value: string): string {
  switch (type) {
    case 'token':
      return value === 'true' ? 'false' : value === 'false' ? 'true' : 'urn:assay:no-match|assay-no-match';
    case 'date':
      return value.startsWith('le') ? 'ge3000-01-01' : value.startsWith('ge') ? 'le1066-10-14' : 'eq1066-10-14';
    case 'reference':
      return `${value.split('/').slice(-2, -1)[0] ?? 'Resource'}/assay-no-match`;
    case 'number':
      return '-987654321';
    case 'quantity':
      return '-987654321||assay-no-match';
    case 'uri':
      return 'urn:assay:no-match';
    default:
      return 'assay-no-match-zqxv';
  }
}

// The R4 model's declaration types optional members loosely; it is the shape evaluate takes.
const r4model = r4 as unknown as Model;

// fhirpath.js cannot resolve() references outside a Bundle; `resolve() is X` becomes a prefix test.
function withoutResolve(expression: string): string {
  return expression.replace(/\.where\(resolve\(\) is ([A-Za-z]+)\)/g, ".where(reference.startsWith('$1/'))");
}

export function deriveSearchValue(resource: object, definition: SearchParameterDefinition): Derived {
  if (definition.type === 'composite' || definition.type === 'special') {
    return { reason: `it is a ${definition.type} parameter` };
  }
  if (definition.expression === undefined) return { reason: 'its definition has no expression' };
  let found: unknown[];
  try {
    found = fhirpath.evaluate(resource, withoutResolve(definition.expression), undefined, r4model) as unknown[];
  } catch (error) {
    return { reason: `its expression cannot be evaluated (${(error as Error).message})` };
  }
  for (const element of found) {
    const value = valueFor(definition.type, element);
    if (value !== undefined && value !== '') return { value };
  }
  return { reason: found.length === 0 ? 'the resource has no value for it' : 'the resource has no value of a searchable form for it' };
}

type Json = Readonly<Record<string, unknown>>;

function isObject(value: unknown): value is Json {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function str(value: unknown): string | undefined {
  return typeof value === 'string' ? value : undefined;
}

function valueFor(type: string, element: unknown): string | undefined {
  switch (type) {
    case 'token':
      return tokenValue(element);
    case 'string':
      return stringValue(element);
    case 'date':
      return dateValue(element);
    case 'reference':
      return referenceValue(element);
    case 'number':
      return typeof element === 'number' ? String(element) : str(element);
    case 'quantity':
      return quantityValue(element);
    case 'uri':
      return str(element);
    default:
      return undefined;
  }
}

function systemCode(system: unknown, code: unknown): string | undefined {
  const value = str(code);
  if (value === undefined) return undefined;
  const namespace = str(system);
  return namespace === undefined ? value : `${namespace}|${value}`;
}

function tokenValue(element: unknown): string | undefined {
  if (typeof element === 'boolean') return String(element);
  if (!isObject(element)) return str(element);
  if (Array.isArray(element.coding)) {
    const coding = (element.coding as unknown[]).find((c) => isObject(c) && str(c.code) !== undefined);
    return isObject(coding) ? systemCode(coding.system, coding.code) : undefined;
  }
  if (element.code !== undefined) return systemCode(element.system, element.code);
  // Identifier (system|value) and ContactPoint (value).
  if (element.value !== undefined) return systemCode(element.system, element.value);
  return undefined;
}

function stringValue(element: unknown): string | undefined {
  if (!isObject(element)) return str(element);
  // HumanName and Address: a part the string search matches on.
  const given = Array.isArray(element.given) ? str(element.given[0]) : undefined;
  const line = Array.isArray(element.line) ? str(element.line[0]) : undefined;
  return str(element.family) ?? given ?? str(element.city) ?? str(element.postalCode) ?? line ?? str(element.text);
}

function dateValue(element: unknown): string | undefined {
  if (typeof element === 'string') return `eq${element}`;
  if (isObject(element)) {
    // A Period: every period starting at or after its start overlaps it.
    const start = str(element.start);
    if (start !== undefined) return `ge${start}`;
    const end = str(element.end);
    if (end !== undefined) return `le${end}`;
  }
  return undefined;
}

function referenceValue(element: unknown): string | undefined {
  const reference = isObject(element) ? str(element.reference) : str(element);
  if (reference === undefined || reference.startsWith('#') || reference.startsWith('urn:')) return undefined;
  return reference;
}

function quantityValue(element: unknown): string | undefined {
  if (!isObject(element) || typeof element.value !== 'number') return undefined;
  const code = str(element.code) ?? str(element.unit);
  return code === undefined ? String(element.value) : `${element.value}|${str(element.system) ?? ''}|${code}`;
}
