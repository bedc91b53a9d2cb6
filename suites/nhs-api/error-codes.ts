/**
 * The NHS England error CodeSystems an OperationOutcome carries in issue.details.coding, with the HTTP
 * statuses each code goes with: NHSD-API-ErrorOrWarningCode recommends one in each definition,
 * http-error-codes names it in each display, and Spine-ErrorOrWarningCode codes take the statuses the
 * PDS specification tabulates for them (an empty list: any 4xx or 5xx). Checked against the CodeSystems
 * and the PDS specification in ../shared/nhs by test/suites/nhs-api/error-codes.test.ts.
 */

export interface ErrorCodeSystem {
  readonly name: string;
  readonly url: string;
  /** Other system URLs seen in NHS England APIs for the same CodeSystem. */
  readonly aliases: readonly string[];
  /** Every code the CodeSystem defines, with the HTTP statuses it goes with. */
  readonly statuses: Readonly<Record<string, readonly number[]>>;
}

export const nhsErrorCodeSystems: readonly ErrorCodeSystem[] = [
  {
    // statuses from the PDS specification's error tables
    name: 'Spine-ErrorOrWarningCode',
    url: 'https://fhir.nhs.uk/CodeSystem/England-SpineErrorOrWarningCode',
    aliases: ['https://fhir.nhs.uk/R4/CodeSystem/Spine-ErrorOrWarningCode'],
    statuses: {
      ACCESS_DENIED: [401, 403],
      FAILURE_TO_PROCESS_MESSAGE: [],
      UNABLE_TO_CALL_SERVICE: [408],
      UNSUPPORTED_SERVICE: [400],
      RESOURCE_NOT_FOUND: [404],
      INVALID_RESOURCE_ID: [400],
      INVALIDATED_RESOURCE: [404],
      INVALID_SEARCH_DATA: [400],
      TOO_MANY_MATCHES: [],
      PRECONDITION_FAILED: [412],
      RESOURCE_VERSION_MISMATCH: [409],
      FORBIDDEN_UPDATE: [403],
      VALIDATION_ERROR: [400],
      INVALID_UPDATE: [400],
      MISSING_VALUE: [400],
      INVALID_VALUE: [400, 403],
      UNSUPPORTED_VALUE: [400],
      TOO_FEW_VALUES_SUBMITTED: [400],
      TOO_MANY_VALUES_SUBMITTED: [400],
      ADDITIONAL_PROPERTIES: [400],
      POLLING_ID_NOT_FOUND: [],
      POLLING_MESSAGE_FAILURE: [],
      INVALID_METHOD: [],
    },
  },
  {
    // statuses from each definition: "Recommend using HTTP Status Code NNN"
    name: 'NHSD-API-ErrorOrWarningCode',
    url: 'https://fhir.nhs.uk/CodeSystem/NHSD-API-ErrorOrWarningCode',
    aliases: [],
    statuses: {
      ACCESS_DENIED: [403],
      ACCESS_DENIED_LEVEL: [403],
      ACCESS_TOKEN_EXPIRED: [401],
      ACCESS_TOKEN_INVALID: [401],
      ACCESS_TOKEN_MISSING: [400],
      TIMEOUT: [408],
      TOO_MANY_REQUESTS: [429],
      METHOD_NOT_ALLOWED: [405],
      SERVICE_UNAVAILABLE: [503],
      SERVICE_ERROR: [500],
      RESOURCE_NOT_FOUND: [404],
      MISSING_HEADER: [400],
      VALIDATION_ERROR: [400],
      MISSING_VALUE: [400],
      NOT_ACCEPTABLE: [406],
    },
  },
  {
    // statuses from each display: "NNN: ..."
    name: 'http-error-codes',
    url: 'https://fhir.nhs.uk/CodeSystem/http-error-codes',
    aliases: [],
    statuses: {
      SEND_BAD_REQUEST: [400],
      REC_BAD_REQUEST: [400],
      PROXY_BAD_REQUEST: [400],
      BAD_REQUEST: [400],
      SEND_UNAUTHORIZED: [401],
      REC_UNAUTHORIZED: [401],
      PROXY_UNAUTHORIZED: [401],
      UNAUTHORIZED: [401],
      SEND_FORBIDDEN: [403],
      REC_FORBIDDEN: [403],
      PROXY_FORBIDDEN: [403],
      FORBIDDEN: [403],
      PROXY_NOT_FOUND: [404],
      REC_NOT_FOUND: [404],
      NOT_FOUND: [404],
      SEND_METHOD_NOT_ALLOWED: [405],
      REC_METHOD_NOT_ALLOWED: [405],
      PROXY_METHOD_NOT_ALLOWED: [405],
      METHOD_NOT_ALLOWED: [405],
      SEND_NOT_ACCEPTABLE: [406],
      REC_NOT_ACCEPTABLE: [406],
      NOT_ACCEPTABLE: [406],
      REC_TIMEOUT: [408],
      PROXY_TIMEOUT: [408],
      TIMEOUT: [408],
      SEND_CONFLICT: [409],
      REC_CONFLICT: [409],
      PROXY_CONFLICT: [409],
      CONFLICT: [409],
      REC_UNSUPPORTED_MEDIA_TYPE: [415],
      UNSUPPORTED_MEDIA_TYPE: [415],
      SEND_UNPROCESSABLE_ENTITY: [422],
      REC_UNPROCESSABLE_ENTITY: [422],
      PROXY_UNPROCESSABLE_ENTITY: [422],
      UNPROCESSABLE_ENTITY: [422],
      PROXY_TOO_MANY_REQUESTS: [429],
      SEND_TOO_MANY_REQUESTS: [429],
      TOO_MANY_REQUESTS: [429],
      REC_SERVER_ERROR: [500],
      PROXY_SERVER_ERROR: [500],
      SERVER_ERROR: [500],
      SEND_NOT_IMPLEMENTED: [501],
      REC_NOT_IMPLEMENTED: [501],
      PROXY_NOT_IMPLEMENTED: [501],
      NOT_IMPLEMENTED: [501],
      PROXY_UNAVAILABLE: [503],
      REC_UNAVAILABLE: [503],
      UNAVAILABLE: [503],
    },
  },
];
