import type { Credentials } from '../transport/recording-interceptor.js';
import { mergeHeaders } from '../transport/recording-interceptor.js';
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
  // The transport copies what it is given into each request's headers, so auth's own record can be
  // handed on as it is when there is nothing to add: one promise a request instead of three.
  const none = Promise.resolve({});
  const nothingToAdd = Object.keys(extra).length === 0;
  return {
    headersFor: (requestOrigin) => {
      if (requestOrigin !== origin) return none;
      const headers = auth.headers();
      return nothingToAdd ? headers : headers.then((given) => mergeHeaders(extra, given));
    },
  };
}

function lowerCased(headers: Readonly<Record<string, string>>): Record<string, string> {
  return Object.fromEntries(Object.entries(headers).map(([name, value]) => [name.toLowerCase(), value]));
}
