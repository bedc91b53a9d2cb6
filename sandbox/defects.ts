import { UsageError } from '../runner/errors.js';

/**
 * The sandbox's named defects: each one switches off exactly one requirement of one suite, so that a
 * suite can prove it catches what it claims to catch (and, with the sandbox clean, accuses no one).
 * `breaks` names the suite and the requirement (its requirements.json id) whose test must fail when the
 * defect is on; the uk-core ids are placeholders until that suite lands.
 */
export const defectCatalogue = [
  // fhir-r4-rest: the RESTful API (http://hl7.org/fhir/R4/http.html, search.html)
  { id: 'location-without-history', breaks: ['fhir-r4-rest', 'R4-REST-CREATE-01'], description: 'create answers with a Location that has no /_history/{vid}' },
  { id: 'create-keeps-client-id', breaks: ['fhir-r4-rest', 'R4-REST-CREATE-02'], description: 'create keeps the id the client put in the body instead of assigning one' },
  { id: 'last-modified-not-http-date', breaks: ['fhir-r4-rest', 'R4-REST-LASTMOD-01'], description: 'Last-Modified is an ISO 8601 instant instead of an HTTP date' },
  { id: 'update-accepts-wrong-id', breaks: ['fhir-r4-rest', 'R4-REST-UPDATE-02'], description: 'an update whose body has no id, or another id than the URL, is accepted instead of answered 400' },
  { id: 'update-create-returns-200', breaks: ['fhir-r4-rest', 'R4-REST-UPDATE-03'], description: 'an update that creates the resource answers 200 instead of 201' },
  { id: 'ignores-if-match', breaks: ['fhir-r4-rest', 'R4-REST-VERSION-01'], description: 'an update whose If-Match names another version succeeds instead of answering 412' },
  { id: 'deleted-returns-404', breaks: ['fhir-r4-rest', 'R4-REST-DELETE-02'], description: 'reading a deleted resource answers 404 instead of 410 Gone' },
  { id: 'conditional-create-duplicates', breaks: ['fhir-r4-rest', 'R4-REST-CCREATE-01'], description: 'create ignores If-None-Exist and creates a duplicate of the matching resource' },
  { id: 'history-oldest-first', breaks: ['fhir-r4-rest', 'R4-REST-HISTORY-01'], description: 'history bundles list the oldest version first' },
  { id: 'ignores-search-param', breaks: ['fhir-r4-rest', 'R4-REST-SEARCH-02'], description: 'Patient search ignores the birthdate parameter its CapabilityStatement declares' },
  { id: 'self-link-drops-params', breaks: ['fhir-r4-rest', 'R4-REST-SEARCH-03'], description: 'the self link of a search names none of the parameters the search used' },
  { id: 'no-full-url', breaks: ['fhir-r4-rest', 'R4-REST-SEARCH-04'], description: 'search and history bundle entries have no fullUrl' },
  { id: 'post-search-unsupported', breaks: ['fhir-r4-rest', 'R4-REST-SEARCH-05'], description: 'POST [type]/_search answers 405 instead of searching' },
  { id: 'ignores-count', breaks: ['fhir-r4-rest', 'R4-REST-COUNT-01'], description: 'search ignores _count and returns every match on one page' },
  { id: 'no-paging-links', breaks: ['fhir-r4-rest', 'R4-REST-PAGE-01'], description: 'search and history bundles carry only the self link: no first, previous, next or last' },
  { id: 'ignores-include', breaks: ['fhir-r4-rest', 'R4-REST-INCLUDE-01'], description: 'search ignores _include: the referenced resources are not returned' },
  { id: 'invalid-capability-statement', breaks: ['fhir-r4-rest', 'R4-REST-CAP-02'], description: '/metadata answers a CapabilityStatement without its required kind element' },
  { id: 'no-charset', breaks: ['fhir-r4-rest', 'R4-REST-FMT-02'], description: 'Content-Type carries no charset=utf-8' },
  { id: 'ignores-accept', breaks: ['fhir-r4-rest', 'R4-REST-FMT-04'], description: 'a request for a format it cannot produce (XML, Turtle) gets JSON instead of 406' },
  { id: 'accepts-any-content-type', breaks: ['fhir-r4-rest', 'R4-REST-FMT-05'], description: 'a body sent as text/plain or XML is parsed as JSON instead of answered with 415' },
  { id: 'error-as-plain-text', breaks: ['fhir-r4-rest', 'R4-REST-ERR-01'], description: 'errors come back as text/plain instead of an OperationOutcome' },
  // nhs-api: NHS England API platform conventions
  { id: 'accepts-missing-x-request-id', breaks: ['nhs-api', 'NHS-API-HDR-01'], description: 'a request without X-Request-ID is served instead of answered 400' },
  { id: 'accepts-malformed-x-request-id', breaks: ['nhs-api', 'NHS-API-HDR-02'], description: 'a request whose X-Request-ID is not a UUID is served instead of answered 400' },
  { id: 'ignores-x-request-id', breaks: ['nhs-api', 'NHS-API-HDR-03'], description: 'X-Request-ID is not mirrored in the response' },
  { id: 'ignores-x-correlation-id', breaks: ['nhs-api', 'NHS-API-HDR-04'], description: 'X-Correlation-ID is not mirrored in the response' },
  { id: 'wrong-content-type', breaks: ['nhs-api', 'NHS-API-CT-01'], description: 'responses are labelled application/json instead of application/fhir+json' },
  { id: 'error-without-nhs-code', breaks: ['nhs-api', 'NHS-API-ERR-01'], description: 'error OperationOutcomes carry no NHS error code in issue.details.coding' },
  { id: 'no-etag', breaks: ['nhs-api', 'NHS-API-ETAG-01'], description: 'read, vread, create and update answer without an ETag header' },
  { id: 'if-match-optional', breaks: ['nhs-api', 'NHS-API-IFMATCH-02'], description: 'an update without If-Match is accepted instead of answered 412' },
  // uk-core: the profiles (ids to align when the uk-core suite lands)
  { id: 'drops-must-support', breaks: ['uk-core', 'UKCORE-PATIENT-MS-TELECOM'], description: 'Patient.telecom (Must Support in UKCore-Patient) is never returned' },
  { id: 'serves-profile-violations', breaks: ['uk-core', 'UKCORE-PATIENT-VALID'], description: 'returned Patients carry an address use outside its required ValueSet (address-use)' },
  { id: 'accepts-invalid-nhs-number', breaks: ['uk-core', 'UKCORE-NHS-NUMBER-CHECK-DIGIT'], description: 'a write carrying an NHS number that fails the Modulus 11 check is accepted instead of answered 422' },
  // security
  { id: 'auth-optional', breaks: ['security', 'SEC-AUTH-01'], description: 'with auth on, requests without a bearer token are served anyway (needs --auth)' },
  { id: 'leaks-stack-trace', breaks: ['security', 'SEC-LEAK-01'], description: "error OperationOutcomes carry the server's stack trace in diagnostics" },
  { id: 'server-version-header', breaks: ['security', 'SEC-LEAK-02'], description: 'every response names the server software and its versions in a Server header' },
  { id: 'cors-wildcard-with-credentials', breaks: ['security', 'SEC-CORS-01'], description: 'responses allow any origin (*) together with credentials' },
  { id: '500-on-bad-search-param', breaks: ['security', 'SEC-INJ-01'], description: 'a malformed search value (bad date, bad _count, injection-shaped) answers 500 instead of 400' },
  { id: '500-on-huge-body', breaks: ['security', 'SEC-SIZE-01'], description: 'a request body over the size cap answers 500 instead of 413' },
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
