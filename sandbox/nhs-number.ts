import { identifiersIn, isValidNhsNumber, nhsNumberSystem } from '../profiles/index.js';

/** Every NHS number in a resource that fails the profiles room's check, with its FHIRPath-style location. */
export function invalidNhsNumbers(resource: unknown, path: string): { expression: string; value: string }[] {
  return identifiersIn(resource, path, (system) => system === nhsNumberSystem).flatMap(({ location, value }) =>
    typeof value === 'string' && !isValidNhsNumber(value) ? [{ expression: `${location}.value`, value }] : [],
  );
}
