/** ODS organisation codes (https://fhir.nhs.uk/Id/ods-organization-code) and site codes (…/ods-site-code). */
export const odsOrganizationSystem = 'https://fhir.nhs.uk/Id/ods-organization-code';
export const odsSiteSystem = 'https://fhir.nhs.uk/Id/ods-site-code';

/**
 * ODS codes are upper-case letters and digits: organisation codes 3 to 6 characters (trusts `RR8`, GP
 * practices `A81001`, others `8JK53`), site codes 5 to 9 (an organisation code plus a site suffix).
 */
export function isValidOdsOrganizationCode(value: string): boolean {
  return /^[A-Z0-9]{3,6}$/.test(value);
}

export function isValidOdsSiteCode(value: string): boolean {
  return /^[A-Z0-9]{5,9}$/.test(value);
}
