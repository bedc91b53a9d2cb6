import { randomUUID } from 'node:crypto';

/**
 * Headers for every uk-core request: FHIR JSON, and a fresh X-Request-ID, which NHS England APIs require
 * on every request (a UUID) and other FHIR servers ignore.
 */
export function fhirHeaders(): Record<string, string> {
  return { accept: 'application/fhir+json', 'x-request-id': randomUUID() };
}
