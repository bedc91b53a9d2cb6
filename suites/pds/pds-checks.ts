/** What every pds test shares: the request headers PDS requires and the checks of its error responses. */
import { randomUUID } from 'node:crypto';
import type { OperationOutcome, Patient } from 'fhir/r4.js';
import type { Expect, HttpResponse } from '../../runner/dsl/index.js';

/** The Spine error code systems: the one the specification uses, and its England IG successor. */
const spineSystems = new Set([
  'https://fhir.nhs.uk/R4/CodeSystem/Spine-ErrorOrWarningCode',
  'https://fhir.nhs.uk/CodeSystem/England-SpineErrorOrWarningCode',
]);

/** What applies to every pds test: the target declares the PDS API pack in its scope. */
export const claimsPds = { apiPack: 'pds' } as const;

/** Headers for one PDS request: a fresh X-Request-ID (a UUID, as RequestID requires) and FHIR JSON. */
export function pdsHeaders(extra: Readonly<Record<string, string>> = {}): Record<string, string> {
  return { 'x-request-id': randomUUID(), accept: 'application/fhir+json', ...extra };
}

/** The Spine error codes an OperationOutcome carries. */
export function spineCodes(outcome: OperationOutcome): string[] {
  return (outcome.issue ?? []).flatMap((issue) =>
    (issue.details?.coding ?? []).flatMap((coding) => (coding.system !== undefined && spineSystems.has(coding.system) && coding.code ? [coding.code] : [])),
  );
}

/** The response is `status` with an OperationOutcome carrying one of `codes`. */
export function expectSpineError(expect: Expect, response: HttpResponse, status: number, codes: readonly string[]): OperationOutcome {
  expect.status(response, status);
  const outcome = expect.resource(response.json(), 'OperationOutcome');
  const found = spineCodes(outcome);
  expect.that(
    found.some((code) => codes.includes(code)),
    `the OperationOutcome carries ${codes.join(' or ')}; it carries ${found.length > 0 ? found.join(', ') : 'no Spine error code'}`,
  );
  return outcome;
}

const locationExtensions = new Set([
  'https://fhir.hl7.org.uk/StructureDefinition/Extension-UKCore-NominatedPharmacy',
  'https://fhir.hl7.org.uk/StructureDefinition/Extension-UKCore-PreferredDispenserOrganization',
  'https://fhir.hl7.org.uk/StructureDefinition/Extension-UKCore-MedicalApplianceSupplier',
  'http://hl7.org/fhir/StructureDefinition/patient-birthPlace',
]);

export function isRestricted(patient: Patient): boolean {
  return patient.meta?.security?.some((label) => label.code === 'R') ?? false;
}

/** The location-sensitive parts a restricted patient shows: `fields` limits which top-level elements count. */
export function locationShown(patient: Patient, fields: readonly ('address' | 'telecom' | 'contact' | 'generalPractitioner')[], extensions: boolean): string[] {
  const shown: string[] = fields.filter((field) => (patient[field]?.length ?? 0) > 0);
  if (extensions) {
    for (const extension of patient.extension ?? []) if (locationExtensions.has(extension.url)) shown.push(`extension ${extension.url}`);
  }
  return shown;
}
