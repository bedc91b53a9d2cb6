/**
 * The NHS England error codes the sandbox puts in OperationOutcome.issue.details, with their systems and
 * displays exactly as the CodeSystems publish them (../shared/nhs/codesystems; a test holds them equal).
 * Spine codes first (PDS and most Spine APIs use them), the API platform's and the HTTP ones where Spine
 * has none for the status, so that each code goes with the HTTP status its CodeSystem (or the PDS
 * specification) recommends. Two exceptions have no code for their status anywhere: 410 Gone answers
 * INVALIDATED_RESOURCE (PDS uses it with 404) and 413 answers INVALID_VALUE.
 */
const spine = 'https://fhir.nhs.uk/CodeSystem/England-SpineErrorOrWarningCode';
const apiPlatform = 'https://fhir.nhs.uk/CodeSystem/NHSD-API-ErrorOrWarningCode';
const http = 'https://fhir.nhs.uk/CodeSystem/http-error-codes';

export interface NhsErrorCode {
  readonly system: string;
  readonly code: string;
  readonly display: string;
}

export const nhsErrorCodes = {
  accessDenied: { system: spine, code: 'ACCESS_DENIED', display: 'Access has been denied to process this request' },
  accessTokenInvalid: { system: apiPlatform, code: 'ACCESS_TOKEN_INVALID', display: 'Authorisation header not formatted correctly' },
  accessTokenExpired: { system: apiPlatform, code: 'ACCESS_TOKEN_EXPIRED', display: 'Access token has expired' },
  resourceNotFound: { system: spine, code: 'RESOURCE_NOT_FOUND', display: 'Resource not found' },
  notFound: { system: http, code: 'NOT_FOUND', display: '404: The Server was unable to find the specified resource.' },
  invalidResourceId: { system: spine, code: 'INVALID_RESOURCE_ID', display: 'Invalid resource ID' },
  invalidatedResource: { system: spine, code: 'INVALIDATED_RESOURCE', display: 'Invalidated resource' },
  invalidSearchData: { system: spine, code: 'INVALID_SEARCH_DATA', display: 'Invalid search data' },
  preconditionFailed: { system: spine, code: 'PRECONDITION_FAILED', display: 'Precondition failed' },
  unprocessableEntity: { system: http, code: 'UNPROCESSABLE_ENTITY', display: '422: Message was not malformed but deemed unprocessable by the server.' },
  missingValue: { system: spine, code: 'MISSING_VALUE', display: 'Missing value' },
  invalidValue: { system: spine, code: 'INVALID_VALUE', display: 'Invalid value' },
  invalidMethod: { system: spine, code: 'INVALID_METHOD', display: 'Invalid method' },
  notAcceptable: { system: apiPlatform, code: 'NOT_ACCEPTABLE', display: 'Compatible content was not available' },
  unsupportedMediaType: { system: http, code: 'UNSUPPORTED_MEDIA_TYPE', display: '415: The request is in an unsupported format.' },
  timeout: { system: apiPlatform, code: 'TIMEOUT', display: 'Request has timed out' },
  serviceError: { system: apiPlatform, code: 'SERVICE_ERROR', display: 'Service failure or unexpected error' },
} as const satisfies Record<string, NhsErrorCode>;
