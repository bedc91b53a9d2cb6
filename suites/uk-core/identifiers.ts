/**
 * NHS number and ODS code rules over everything a resource carries: every Identifier (including those
 * inside references) whose system is the NHS number or an ODS code system is checked, wherever it sits.
 */
import { isValidNhsNumber } from '../pds/nhs-number.js';

export const nhsNumberSystem = 'https://fhir.nhs.uk/Id/nhs-number';
export const odsSystems = new Set(['https://fhir.nhs.uk/Id/ods-organization-code', 'https://fhir.nhs.uk/Id/ods-site-code']);
/** ODS codes are letters and digits, 3 to 10 of them (organisation codes an3 to an6, site codes up to an9). */
const odsCode = /^[A-Za-z0-9]{3,10}$/;

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
  return identifiersIn(resource, resource.resourceType, (system) => odsSystems.has(system))
    .filter((found) => typeof found.value !== 'string' || !odsCode.test(found.value))
    .map((found) => `${found.location}: ${JSON.stringify(found.value)} is not an ODS code (3 to 10 letters and digits)`);
}
