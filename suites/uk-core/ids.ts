/**
 * Stable ids for what the generator makes: a group per profile, a test and a requirement per profile
 * element. They derive from the profile's id and the element's id only, so the same requirement keeps the
 * same id across runs and across UK Core releases (test ids are lower-case kebab-case, as the suite DSL
 * requires; requirement ids upper-case, as every suite's are).
 */

/** `Patient.identifier:nhsNumber.system` → `patient-identifier-nhsnumber-system`. */
export function slug(text: string): string {
  return text
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-|-$/g, '');
}

/** The group of a profile: `UKCore-Patient` → `ukcore-patient`. */
export function groupId(profileId: string): string {
  return slug(profileId);
}

/** The element's path below its resource: `Patient.identifier:nhsNumber.system` → `identifier:nhsNumber.system`. */
function elementBelowRoot(elementId: string): string {
  const dot = elementId.indexOf('.');
  return dot < 0 ? elementId : elementId.slice(dot + 1);
}

export function mustSupportTestId(elementId: string): string {
  return `must-support-${slug(elementId)}`;
}

/** `UKCore-Patient` + `Patient.telecom` → `UKCORE-PATIENT-MS-TELECOM`. */
export function mustSupportRequirementId(profileId: string, elementId: string): string {
  return `${slug(profileId).toUpperCase()}-MS-${slug(elementBelowRoot(elementId)).toUpperCase()}`;
}

export function validRequirementId(profileId: string): string {
  return `${slug(profileId).toUpperCase()}-VALID`;
}

export function searchRequirementId(resourceType: string, parameter: string): string {
  return `UKCORE-${slug(resourceType).toUpperCase()}-SEARCH-${slug(parameter).toUpperCase()}`;
}

export const nhsNumberValid = 'UKCORE-NHS-NUMBER-VALID';
export const nhsNumberCheckDigit = 'UKCORE-NHS-NUMBER-CHECK-DIGIT';
export const odsCodeValid = 'UKCORE-ODS-CODE-VALID';
export const referencesResolve = 'UKCORE-REFERENCES-RESOLVE';
