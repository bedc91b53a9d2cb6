/** An object with a `system` (an Identifier, or a Coding) found in a resource, with where it is. */
export interface FoundIdentifier {
  /** Where it is, FHIRPath-like: `Patient.identifier[0]`, `Observation.subject.identifier`. */
  readonly location: string;
  readonly system: string;
  readonly value: unknown;
}

/**
 * Every object with a `system` the predicate accepts, anywhere in a resource (contained resources and
 * identifiers inside references included), with where it is; `location` names the resource itself.
 */
export function identifiersIn(value: unknown, location: string, systems: (system: string) => boolean): FoundIdentifier[] {
  if (Array.isArray(value)) return value.flatMap((item, index) => identifiersIn(item, `${location}[${index}]`, systems));
  if (typeof value !== 'object' || value === null) return [];
  const record = value as Record<string, unknown>;
  const here = typeof record['system'] === 'string' && systems(record['system']) ? [{ location, system: record['system'], value: record['value'] }] : [];
  return [...here, ...Object.entries(record).flatMap(([key, child]) => identifiersIn(child, `${location}.${key}`, systems))];
}
