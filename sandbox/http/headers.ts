import { FhirError } from '../outcome.js';
import { nhsErrorCodes } from '../nhs-error-codes.js';

/** `W/"3"`: the weak ETag of a version (R4 http.html#versioning). */
export function etag(versionId: number): string {
  return `W/"${versionId}"`;
}

/** The version an If-Match names (`W/"3"` or `"3"`); undefined when it names none the sandbox could have issued. */
export function versionFromEtag(header: string): number | undefined {
  const m = /^\s*(?:W\/)?"(\d+)"\s*$/.exec(header);
  return m?.[1] === undefined ? undefined : Number(m[1]);
}

/** An HTTP date (RFC 9110 IMF-fixdate), e.g. `Tue, 15 Nov 1994 08:12:31 GMT`. */
export function httpDate(date: Date): string {
  return date.toUTCString();
}

const uuidPattern = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * NHS England API convention: every request carries X-Request-ID, a UUID, which the response mirrors.
 * Missing gives 400 MISSING_VALUE, malformed 400 INVALID_VALUE (as PDS answers).
 */
export function requireRequestId(value: string | undefined, check: { readonly whenMissing: boolean; readonly whenMalformed: boolean }): void {
  if (value === undefined || value === '') {
    if (!check.whenMissing) return;
    throw new FhirError(400, 'required', nhsErrorCodes.missingValue, 'Invalid request with error - X-Request-ID header must be supplied to access this resource', {
      expression: 'http.X-Request-ID',
    });
  }
  if (check.whenMalformed && !uuidPattern.test(value)) {
    throw new FhirError(400, 'value', nhsErrorCodes.invalidValue, `Invalid value - '${value}' in header 'X-Request-ID'; it must be a UUID`, {
      expression: 'http.X-Request-ID',
    });
  }
}
