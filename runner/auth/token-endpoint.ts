import type { HttpClient } from '../dsl/context.js';
import { UnreachableError, UsageError } from '../errors.js';
import type { Redactor } from '../transport/redact.js';
import { TransportError } from '../transport/transport-error.js';

/** An access token and how long it lives. */
export interface IssuedToken {
  readonly accessToken: string;
  readonly expiresInSeconds: number;
}

/** When a token endpoint gives no `expires_in`, assume a short life and ask again soon. */
const assumedLifetimeSeconds = 300;

/**
 * Posts an OAuth 2.0 token request (RFC 6749 §4.4) as a form and reads the token response. Every
 * failure is one message naming the endpoint: refused credentials are a configuration problem (exit 2),
 * an endpoint that cannot be reached or is broken means the run cannot start (exit 3).
 */
export async function requestToken(
  http: HttpClient,
  tokenUrl: string,
  form: Readonly<Record<string, string>>,
  options: { headers?: Readonly<Record<string, string>>; redactor: Redactor; target: string },
): Promise<IssuedToken> {
  let response;
  try {
    response = await http.post(tokenUrl, {
      auth: false,
      redirect: 'manual',
      headers: { 'content-type': 'application/x-www-form-urlencoded', accept: 'application/json', ...options.headers },
      body: new URLSearchParams(form).toString(),
    });
  } catch (error) {
    if (error instanceof TransportError) {
      throw new UnreachableError(`cannot reach the token endpoint for target ${options.target}: ${error.message}`, {
        fix: 'check auth.tokenUrl and the network path to it',
        cause: error,
      });
    }
    throw error;
  }
  const body = parseJson(response.text);
  if (response.status >= 400 && response.status < 500) {
    const reason = describeOAuthError(body) ?? options.redactor.text(response.text.slice(0, 200));
    throw new UsageError(
      `the token endpoint ${tokenUrl} refused the credentials for target ${options.target}: ${response.status} ${reason}`.trimEnd(),
      { fix: 'check the client id, key id (kid) and the key or secret registered for the application' },
    );
  }
  if (response.status !== 200) {
    throw new UnreachableError(`the token endpoint ${tokenUrl} answered ${response.status} for target ${options.target}`, {
      fix: 'try again later or check the endpoint',
    });
  }
  const token = readToken(body);
  if (token === undefined) {
    throw new UnreachableError(`the token endpoint ${tokenUrl} answered without a usable bearer access_token`, {
      fix: 'check that auth.tokenUrl is the OAuth 2.0 token endpoint',
    });
  }
  options.redactor.addSecret(token.accessToken);
  return token;
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

function describeOAuthError(body: unknown): string | undefined {
  if (typeof body !== 'object' || body === null || !('error' in body) || typeof body.error !== 'string') return undefined;
  const description = 'error_description' in body && typeof body.error_description === 'string' ? `: ${body.error_description}` : '';
  return `${body.error}${description}`;
}

function readToken(body: unknown): IssuedToken | undefined {
  if (typeof body !== 'object' || body === null) return undefined;
  const record = body as Record<string, unknown>;
  const accessToken = record.access_token;
  if (typeof accessToken !== 'string' || accessToken === '') return undefined;
  const type = record.token_type;
  if (typeof type === 'string' && type.toLowerCase() !== 'bearer') return undefined;
  // NHS England's token endpoint sends expires_in as a string ("599").
  const lifetime = Number(record.expires_in);
  return {
    accessToken,
    expiresInSeconds: Number.isFinite(lifetime) && lifetime > 0 ? lifetime : assumedLifetimeSeconds,
  };
}
