/**
 * NHS number and ODS code rules over everything a resource carries: every Identifier (including those
 * inside references) whose system is the NHS number or an ODS code system is checked, wherever it sits.
 */
import {
  isValidNhsNumber,
  isValidOdsOrganizationCode,
  isValidOdsSiteCode,
  nhsNumberSystem,
  odsOrganizationSystem,
  odsSiteSystem,
} from '../../profiles/nhs/index.js';

export { nhsNumberSystem };

/** The ODS systems and the rule each code follows (the profiles room's, so validator and suite agree). */
const odsRules = new Map<string, { rule: (value: string) => boolean; what: string }>([
  [odsOrganizationSystem, { rule: isValidOdsOrganizationCode, what: 'an ODS organisation code (3 to 6 upper-case letters and digits)' }],
  [odsSiteSystem, { rule: isValidOdsSiteCode, what: 'an ODS site code (5 to 9 upper-case letters and digits)' }],
]);

export interface FoundIdentifier {
  /** Where it is, FHIRPath-like: `Patient.identifier[0]`. */
  readonly location: string;
  readonly system: string;
  readonly value: unknown;
}

/** Every object with a `system` and a `value` in the resource, with where it is. */
export function identifiersIn(value: unknown, location: string, systems: (system: string) => boolean): FoundIdentifier[] {
  if (Array.isArray(value)) return value.flatMap((item, index) => identifiersIn(item, `${location}[${index}]`, systems));
  if (typeof value !== 'object' || value === null) return [];
  const record = value as Record<string, unknown>;
  const here = typeof record['system'] === 'string' && systems(record['system']) ? [{ location, system: record['system'], value: record['value'] }] : [];
  return [...here, ...Object.entries(record).flatMap(([key, child]) => identifiersIn(child, `${location}.${key}`, systems))];
}

/** What is wrong with the NHS numbers a resource carries: one line each. */
export function nhsNumberProblems(resource: { resourceType: string }): string[] {
  return identifiersIn(resource, resource.resourceType, (system) => system === nhsNumberSystem)
    .filter((found) => typeof found.value !== 'string' || !isValidNhsNumber(found.value))
    .map((found) => `${found.location}: ${JSON.stringify(found.value)} is not a valid NHS number (10 digits, Modulus 11 check digit)`);
}

/** What is wrong with the ODS codes a resource carries: one line each. */
export function odsCodeProblems(resource: { resourceType: string }): string[] {
  return identifiersIn(resource, resource.resourceType, (system) => odsRules.has(system)).flatMap((found) => {
    const { rule, what } = odsRules.get(found.system) as { rule: (value: string) => boolean; what: string };
    return typeof found.value === 'string' && rule(found.value) ? [] : [`${found.location}: ${JSON.stringify(found.value)} is not ${what}`];
  });
}
