import type { HttpClient } from '../dsl/context.js';
import { UnreachableError, UsageError } from '../errors.js';
import { TransportError } from '../transport/transport-error.js';

/**
 * SMART Backend Services: the token endpoint is discovered from the FHIR server's
 * `.well-known/smart-configuration` (SMART App Launch 2.x, "Conformance") unless configured.
 */
export async function discoverTokenEndpoint(http: HttpClient, baseUrl: string, target: string): Promise<string> {
  const url = new URL('.well-known/smart-configuration', baseUrl).href;
  let response;
  try {
    response = await http.get(url, { auth: false, headers: { accept: 'application/json' } });
  } catch (error) {
    if (error instanceof TransportError) {
      throw new UnreachableError(`cannot fetch ${url} to find the token endpoint of target ${target}: ${error.message}`, {
        fix: 'check the base URL, or set auth.tokenUrl',
        cause: error,
      });
    }
    throw error;
  }
  let body: unknown;
  try {
    body = response.status === 200 ? JSON.parse(response.text) : undefined;
  } catch {
    body = undefined;
  }
  const endpoint =
    typeof body === 'object' && body !== null && 'token_endpoint' in body && typeof body.token_endpoint === 'string'
      ? body.token_endpoint
      : undefined;
  if (endpoint === undefined) {
    throw new UsageError(`${url} (status ${response.status}) names no token_endpoint for target ${target}`, {
      fix: 'set auth.tokenUrl in the config',
    });
  }
  return new URL(endpoint, url).href;
}
