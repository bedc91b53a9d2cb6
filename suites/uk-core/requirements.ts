/**
 * The generated requirements. Profile conformance is SHALL unless the CapabilityStatement puts another
 * expectation on the type. Must Support is SHOULD: UK Core's Must Support guidance says a supplier SHALL
 * populate a Must Support element where it holds the data, and an observer of returned resources cannot tell
 * "does not hold it" from "does not support it"; so a never-demonstrated element is reported and scored,
 * but does not fail a run on data the server may simply not hold.
 */
import type { Requirement } from '../../reports/model.js';
import type { Catalogue, ProfileInfo } from './catalogue.js';
import { mustSupportRequirementId, nhsNumberCheckDigit, nhsNumberValid, odsCodeValid, referencesResolve, searchRequirementId, validRequirementId } from './ids.js';

export const mustSupportGuidance = 'https://simplifier.net/guide/uk-core-implementation-guide-stu2/Home/Guidance/MustSupport-Guidance';
const nhsNumberSource = 'https://www.datadictionary.nhs.uk/attributes/nhs_number.html';

function versioned(profile: ProfileInfo): string {
  return profile.version === undefined ? profile.url : `${profile.url}|${profile.version}`;
}

export function validRequirement(profile: ProfileInfo): Requirement {
  return {
    id: validRequirementId(profile.id),
    text: `${profile.type} resources the server returns as ${profile.id} conform to ${versioned(profile)}: structure, cardinality, fixed values and patterns, slicing, bindings and invariants.`,
    source: profile.url,
    level: profile.expectation ?? 'SHALL',
  };
}

export function mustSupportRequirement(profile: ProfileInfo, elementId: string): Requirement {
  return {
    id: mustSupportRequirementId(profile.id, elementId),
    text: `${elementId} is Must Support in ${profile.id}: a server populates it where it holds the data, so it has a value (a data-absent-reason alone does not count) in at least one ${profile.type} it returns (${mustSupportGuidance}).`,
    source: `${profile.url}#${encodeURI(elementId)}`,
    level: 'SHOULD',
  };
}

export function searchRequirement(profile: ProfileInfo, name: string, source: string): Requirement {
  return {
    id: searchRequirementId(profile.type, name),
    text: `The server supports searching ${profile.type} by ${name}, which the UK Core CapabilityStatement marks SHALL.`,
    source,
    level: 'SHALL',
  };
}

export const identifierRequirements = {
  [nhsNumberValid]: {
    id: nhsNumberValid,
    text: 'Every NHS number a returned resource carries (an identifier with system https://fhir.nhs.uk/Id/nhs-number, anywhere in it) is 10 digits with a valid Modulus 11 check digit.',
    source: nhsNumberSource,
    level: 'SHALL',
  },
  [nhsNumberCheckDigit]: {
    id: nhsNumberCheckDigit,
    text: 'A server that accepts writes rejects a resource whose NHS number fails the Modulus 11 check digit (400 or 422 with an OperationOutcome) rather than storing it.',
    source: nhsNumberSource,
    level: 'SHALL',
  },
  [odsCodeValid]: {
    id: odsCodeValid,
    text: 'Every ODS code a returned resource carries is well formed: an organisation code (system https://fhir.nhs.uk/Id/ods-organization-code) 3 to 6 upper-case letters and digits, a site code (https://fhir.nhs.uk/Id/ods-site-code) 5 to 9.',
    source: 'https://fhir.nhs.uk/Id/ods-organization-code',
    level: 'SHALL',
  },
  [referencesResolve]: {
    id: referencesResolve,
    text: 'Literal references to the server in returned resources resolve: reading one answers the referenced resource.',
    source: 'http://hl7.org/fhir/R4/references.html#literal',
    level: 'SHOULD',
  },
} as const satisfies Record<string, Requirement>;

/** Every requirement the generated tests verify, each once, in a stable order. */
export function generatedRequirements(catalogue: Catalogue): Requirement[] {
  const carriesNhsNumber = catalogue.profiles.some((profile) => profile.carriesNhsNumber);
  return [
    ...Object.values(identifierRequirements).filter((requirement) => requirement.id !== nhsNumberCheckDigit || carriesNhsNumber),
    ...catalogue.profiles.flatMap((profile) => [
      validRequirement(profile),
      ...profile.mustSupport.map((elementId) => mustSupportRequirement(profile, elementId)),
      ...profile.searchParams.map((param) => searchRequirement(profile, param.name, param.source)),
    ]),
  ];
}
