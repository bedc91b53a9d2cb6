import { randomUUID } from 'node:crypto';

/**
 * The headers every suite request carries: FHIR JSON, and a fresh UUID X-Request-ID because NHS England
 * APIs reject requests without one (a FHIR server that does not use it ignores it). A test probing the
 * header itself builds its own.
 */
export function requestHeaders(extra: Readonly<Record<string, string>> = {}): Record<string, string> {
  return { accept: 'application/fhir+json', 'x-request-id': randomUUID(), ...extra };
}
