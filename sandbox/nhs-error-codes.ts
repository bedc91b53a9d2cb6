/**
 * The NHS England error codes the sandbox puts in OperationOutcome.issue.details, with their systems and
 * displays exactly as the CodeSystems publish them (../shared/nhs/codesystems; a test holds them equal).
 * Spine codes first (PDS and most Spine APIs use them), the API platform's codes where Spine has none.
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
  accessTokenMissing: { system: apiPlatform, code: 'ACCESS_TOKEN_MISSING', display: 'Authorisation header not sent' },
  accessTokenInvalid: { system: apiPlatform, code: 'ACCESS_TOKEN_INVALID', display: 'Authorisation header not formatted correctly' },
  accessTokenExpired: { system: apiPlatform, code: 'ACCESS_TOKEN_EXPIRED', display: 'Access token has expired' },
  resourceNotFound: { system: spine, code: 'RESOURCE_NOT_FOUND', display: 'Resource not found' },
  unsupportedService: { system: spine, code: 'UNSUPPORTED_SERVICE', display: 'Unsupported service' },
  invalidResourceId: { system: spine, code: 'INVALID_RESOURCE_ID', display: 'Invalid resource ID' },
  invalidatedResource: { system: spine, code: 'INVALIDATED_RESOURCE', display: 'Invalidated resource' },
  invalidSearchData: { system: spine, code: 'INVALID_SEARCH_DATA', display: 'Invalid search data' },
  resourceVersionMismatch: { system: spine, code: 'RESOURCE_VERSION_MISMATCH', display: 'Resource version mismatch' },
  preconditionFailed: { system: spine, code: 'PRECONDITION_FAILED', display: 'Precondition failed' },
  validationError: { system: spine, code: 'VALIDATION_ERROR', display: 'Validation error' },
  missingValue: { system: spine, code: 'MISSING_VALUE', display: 'Missing value' },
  invalidValue: { system: spine, code: 'INVALID_VALUE', display: 'Invalid value' },
  invalidMethod: { system: spine, code: 'INVALID_METHOD', display: 'Invalid method' },
  notAcceptable: { system: apiPlatform, code: 'NOT_ACCEPTABLE', display: 'Compatible content was not available' },
  unsupportedMediaType: { system: http, code: 'UNSUPPORTED_MEDIA_TYPE', display: '415: The request is in an unsupported format.' },
  timeout: { system: apiPlatform, code: 'TIMEOUT', display: 'Request has timed out' },
  serviceError: { system: apiPlatform, code: 'SERVICE_ERROR', display: 'Service failure or unexpected error' },
} as const satisfies Record<string, NhsErrorCode>;
