import type { Credentials } from '../transport/recording-interceptor.js';
import type { AuthProvider } from './providers.js';

/**
 * The target's credentials (auth plus configured headers) for requests to the target's origin only:
 * a request, or a redirect hop, to any other origin carries none of them.
 */
export function targetCredentials(
  baseUrl: string,
  auth: AuthProvider,
  headers: Readonly<Record<string, string>>,
): Credentials {
  const origin = new URL(baseUrl).origin;
  // Lower-cased once: this runs for every request.
  const extra = lowerCased(headers);
  return {
    headersFor: async (requestOrigin) => (requestOrigin === origin ? { ...extra, ...(await auth.headers()) } : {}),
  };
}

function lowerCased(headers: Readonly<Record<string, string>>): Record<string, string> {
  return Object.fromEntries(Object.entries(headers).map(([name, value]) => [name.toLowerCase(), value]));
}
