/**
 * NHS number and ODS code rules over everything a resource carries: every Identifier (including those
 * inside references) whose system is the NHS number or an ODS code system is checked, wherever it sits.
 */
import {
  identifiersIn,
  isValidNhsNumber,
  isValidOdsOrganizationCode,
  isValidOdsSiteCode,
  nhsNumberSystem,
  odsOrganizationSystem,
  odsSiteSystem,
} from '../../profiles/nhs/index.js';

/** The ODS systems and the rule each code follows (the profiles room's, so validator and suite agree). */
const odsRules = new Map<string, { rule: (value: string) => boolean; what: string }>([
  [odsOrganizationSystem, { rule: isValidOdsOrganizationCode, what: 'an ODS organisation code (3 to 6 upper-case letters and digits)' }],
  [odsSiteSystem, { rule: isValidOdsSiteCode, what: 'an ODS site code (5 to 9 upper-case letters and digits)' }],
]);

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
