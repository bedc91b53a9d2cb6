import type { HttpResponse } from '../../runner/dsl/index.js';

/**
 * A response body read as JSON whatever its Content-Type says (a wrong label is a finding of its own,
 * not a reason to miss what the body holds); undefined when it is not JSON.
 */
export function parsedBody(response: HttpResponse): unknown {
  try {
    return JSON.parse(response.text) as unknown;
  } catch {
    return undefined;
  }
}

/** The resourceType of a JSON body, if it has one. */
export function resourceTypeOf(response: HttpResponse): string | undefined {
  const body = parsedBody(response);
  const type = typeof body === 'object' && body !== null ? (body as { resourceType?: unknown }).resourceType : undefined;
  return typeof type === 'string' ? type : undefined;
}
