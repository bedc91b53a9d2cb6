import { UsageError } from '../runner/errors.js';

/**
 * The sandbox's named defects: each one switches off exactly one requirement of one suite, so that a
 * suite can prove it catches what it claims to catch (and, with the sandbox clean, accuses no one).
 * The requirement ids are the ones the suites are expected to declare; align them with each suite's
 * requirements.json when the suites land.
 */
export const defectCatalogue = [
  { id: 'no-etag', breaks: ['fhir-r4-rest', 'R4-REST-ETAG'], description: 'read, vread, create and update answer without an ETag header' },
  { id: 'location-without-history', breaks: ['fhir-r4-rest', 'R4-REST-CREATE-LOCATION'], description: 'create answers with a Location that has no /_history/{vid}' },
  { id: 'last-modified-not-http-date', breaks: ['fhir-r4-rest', 'R4-REST-LAST-MODIFIED'], description: 'Last-Modified is an ISO 8601 instant instead of an HTTP date' },
  { id: 'deleted-returns-404', breaks: ['fhir-r4-rest', 'R4-REST-DELETE-GONE'], description: 'reading a deleted resource answers 404 instead of 410 Gone' },
  { id: 'ignores-if-match', breaks: ['fhir-r4-rest', 'R4-REST-UPDATE-IF-MATCH'], description: 'update with a stale If-Match succeeds instead of answering 412' },
  { id: 'update-create-returns-200', breaks: ['fhir-r4-rest', 'R4-REST-UPDATE-CREATE-201'], description: 'an update that creates the resource answers 200 instead of 201' },
  { id: 'no-paging-links', breaks: ['fhir-r4-rest', 'R4-REST-SEARCH-PAGING'], description: 'search and history bundles carry only the self link: no first, previous, next or last' },
  { id: 'no-full-url', breaks: ['fhir-r4-rest', 'R4-REST-BUNDLE-FULLURL'], description: 'search and history bundle entries have no fullUrl' },
  { id: 'ignores-count', breaks: ['fhir-r4-rest', 'R4-REST-SEARCH-COUNT'], description: 'search ignores _count and returns every match on one page' },
  { id: 'invalid-capability-statement', breaks: ['fhir-r4-rest', 'R4-REST-CAPABILITY-VALID'], description: '/metadata answers a CapabilityStatement without its required kind element' },
  { id: 'error-as-plain-text', breaks: ['fhir-r4-rest', 'R4-REST-ERROR-OUTCOME'], description: 'errors come back as text/plain instead of an OperationOutcome' },
  { id: 'ignores-accept', breaks: ['fhir-r4-rest', 'R4-REST-FORMAT-406'], description: 'a request for a format it cannot produce (XML, Turtle) gets JSON instead of 406' },
  { id: 'accepts-any-content-type', breaks: ['fhir-r4-rest', 'R4-REST-FORMAT-415'], description: 'a body sent as text/plain or XML is parsed as JSON instead of answered with 415' },
  { id: 'wrong-content-type', breaks: ['nhs-api', 'NHS-API-CONTENT-TYPE'], description: 'responses are labelled application/json instead of application/fhir+json' },
  { id: 'ignores-x-request-id', breaks: ['nhs-api', 'NHS-API-REQUEST-ID-MIRRORED'], description: 'X-Request-ID is not mirrored in the response' },
  { id: 'accepts-missing-x-request-id', breaks: ['nhs-api', 'NHS-API-REQUEST-ID-REQUIRED'], description: 'a request without X-Request-ID, or with one that is not a UUID, is served instead of answered 400' },
  { id: 'ignores-x-correlation-id', breaks: ['nhs-api', 'NHS-API-CORRELATION-ID-MIRRORED'], description: 'X-Correlation-ID is not mirrored in the response' },
  { id: 'error-without-nhs-code', breaks: ['nhs-api', 'NHS-API-ERROR-CODE'], description: 'error OperationOutcomes carry no NHS error code in issue.details.coding' },
  { id: 'drops-must-support', breaks: ['uk-core', 'UKCORE-PATIENT-MS-TELECOM'], description: 'Patient.telecom (Must Support in UKCore-Patient) is never returned' },
  { id: 'serves-profile-violations', breaks: ['uk-core', 'UKCORE-PATIENT-VALID'], description: 'returned Patients carry an address use outside its required ValueSet (address-use)' },
  { id: 'accepts-invalid-nhs-number', breaks: ['uk-core', 'UKCORE-NHS-NUMBER-CHECK-DIGIT'], description: 'a write carrying an NHS number that fails the Modulus 11 check is accepted instead of answered 422' },
  { id: 'auth-optional', breaks: ['security', 'SEC-AUTH-REQUIRED'], description: 'with auth on, requests without a bearer token are served anyway (needs --auth)' },
  { id: 'leaks-stack-trace', breaks: ['security', 'SEC-NO-INTERNALS-IN-ERRORS'], description: "error OperationOutcomes carry the server's stack trace in diagnostics" },
  { id: '500-on-bad-search-param', breaks: ['security', 'SEC-BAD-SEARCH-400'], description: 'a malformed search value (bad date, bad _count, injection-shaped) answers 500 instead of 400' },
  { id: 'cors-wildcard-with-credentials', breaks: ['security', 'SEC-CORS-NO-WILDCARD-CREDENTIALS'], description: 'responses allow any origin (*) together with credentials' },
] as const satisfies readonly Defect[];

export interface Defect {
  readonly id: string;
  readonly description: string;
  /** The suite and the requirement id in it that the defect breaks. */
  readonly breaks: readonly [suite: string, requirement: string];
}

export type DefectId = (typeof defectCatalogue)[number]['id'];

/** Parses `--defect a,b` (or a list) into defect ids; an unknown name is a usage error listing the valid ones. */
export function parseDefects(names: readonly string[]): ReadonlySet<DefectId> {
  const known = new Map<string, DefectId>(defectCatalogue.map((d) => [d.id, d.id]));
  const chosen = new Set<DefectId>();
  for (const name of names.flatMap((n) => n.split(',')).map((n) => n.trim()).filter((n) => n !== '')) {
    const id = known.get(name);
    if (id === undefined) {
      throw new UsageError(`unknown sandbox defect "${name}"`, {
        fix: `valid defects: ${defectCatalogue.map((d) => d.id).join(', ')} (see "assay sandbox --list-defects")`,
      });
    }
    chosen.add(id);
  }
  return chosen;
}
