import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import type { JSONWebKeySet } from 'jose';
import { createLocalJWKSet, decodeJwt, decodeProtectedHeader, jwtVerify } from 'jose';
import { nhsErrorCodes } from '../nhs-error-codes.js';
import { FhirError } from '../outcome.js';

/** A client the token endpoint knows: a secret (client credentials), a public key set (signed JWT), or both. */
export interface SandboxClient {
  readonly clientId: string;
  readonly clientSecret?: string;
  readonly jwks?: JSONWebKeySet;
}

export interface SandboxAuth {
  readonly clients: readonly SandboxClient[];
  /** How long an access token lives; default 600 s. */
  readonly tokenLifetimeSeconds?: number;
}

/** An OAuth 2.0 token endpoint answer (RFC 6749 §5): JSON, not an OperationOutcome. */
export interface TokenResponse {
  readonly status: number;
  readonly body: Readonly<Record<string, unknown>>;
}

const jwtBearer = 'urn:ietf:params:oauth:client-assertion-type:jwt-bearer';
/** NHS England's API platform: a client assertion may live at most five minutes. */
const maxAssertionLifetimeSeconds = 300;

/**
 * The sandbox's authorisation server, one per sandbox: issues opaque bearer tokens for client credentials
 * and for signed-JWT client assertions (RS512, `kid`, `exp` at most 5 minutes ahead, a `jti` used once,
 * as the NHS England API platform requires), and checks them on FHIR requests.
 */
export class TokenIssuer {
  readonly #auth: SandboxAuth;
  readonly #tokenUrl: string;
  readonly #clock: () => Date;
  readonly #tokens = new Map<string, { readonly clientId: string; readonly expiresAt: number }>();
  readonly #usedJtis = new Map<string, number>();

  constructor(auth: SandboxAuth, tokenUrl: string, clock: () => Date) {
    this.#auth = auth;
    this.#tokenUrl = tokenUrl;
    this.#clock = clock;
  }

  async token(form: URLSearchParams, authorization: string | undefined): Promise<TokenResponse> {
    if (form.get('grant_type') !== 'client_credentials') {
      return oauthError(400, 'unsupported_grant_type', 'grant_type must be client_credentials');
    }
    const assertionType = form.get('client_assertion_type');
    const clientId =
      assertionType !== null ? await this.#assertedClient(assertionType, form.get('client_assertion'))
      : this.#secretClient(form, authorization);
    if (typeof clientId !== 'string') return clientId;
    const accessToken = randomBytes(32).toString('base64url');
    const lifetime = this.#auth.tokenLifetimeSeconds ?? 600;
    this.#tokens.set(accessToken, { clientId, expiresAt: this.#clock().getTime() + lifetime * 1000 });
    return { status: 200, body: { access_token: accessToken, token_type: 'Bearer', expires_in: lifetime } };
  }

  /** Checks `Authorization: Bearer <token>`; throws the 401 a FHIR request gets without a valid one. */
  check(authorization: string | undefined): void {
    if (authorization === undefined || authorization === '') throw unauthorized(nhsErrorCodes.accessDenied, 'no Authorization header: send Authorization: Bearer <token>', undefined);
    const match = /^Bearer\s+(\S+)$/i.exec(authorization);
    if (match?.[1] === undefined) throw unauthorized(nhsErrorCodes.accessTokenInvalid, 'the Authorization header is not "Bearer <token>"', 'invalid_request');
    const token = this.#tokens.get(match[1]);
    if (token === undefined) throw unauthorized(nhsErrorCodes.accessTokenInvalid, 'the access token is not one this server issued', 'invalid_token');
    if (token.expiresAt <= this.#clock().getTime()) {
      this.#tokens.delete(match[1]);
      throw unauthorized(nhsErrorCodes.accessTokenExpired, 'the access token has expired', 'invalid_token');
    }
  }

  #secretClient(form: URLSearchParams, authorization: string | undefined): string | TokenResponse {
    let id = form.get('client_id');
    let secret = form.get('client_secret');
    const basic = /^Basic\s+(\S+)$/i.exec(authorization ?? '')?.[1];
    if (basic !== undefined) {
      const decoded = Buffer.from(basic, 'base64').toString('utf8');
      const colon = decoded.indexOf(':');
      id = formDecode(decoded.slice(0, colon));
      secret = formDecode(decoded.slice(colon + 1));
    }
    if (id === null || secret === null) return oauthError(400, 'invalid_request', 'send client_id and client_secret, or a client_assertion');
    const client = this.#auth.clients.find((c) => c.clientId === id);
    if (client?.clientSecret === undefined || !sameSecret(client.clientSecret, secret)) return oauthError(401, 'invalid_client', 'unknown client or wrong secret');
    return client.clientId;
  }

  async #assertedClient(assertionType: string, assertion: string | null): Promise<string | TokenResponse> {
    if (assertionType !== jwtBearer || assertion === null) return oauthError(400, 'invalid_request', `client_assertion_type must be ${jwtBearer} with a client_assertion`);
    let issuer: unknown;
    let kid: unknown;
    try {
      issuer = decodeJwt(assertion).iss;
      kid = decodeProtectedHeader(assertion).kid;
    } catch {
      return oauthError(400, 'invalid_request', 'client_assertion is not a JWT');
    }
    const client = this.#auth.clients.find((c) => c.clientId === issuer);
    if (client?.jwks === undefined) return oauthError(401, 'invalid_client', 'the assertion\'s iss is not a client with a registered public key set');
    if (typeof kid !== 'string') return oauthError(400, 'invalid_request', 'the assertion\'s header has no kid');
    const now = this.#clock();
    let claims: { exp?: number; jti?: string };
    try {
      ({ payload: claims } = await jwtVerify(assertion, createLocalJWKSet(client.jwks), {
        algorithms: ['RS512'],
        issuer: client.clientId,
        subject: client.clientId,
        audience: this.#tokenUrl,
        requiredClaims: ['exp', 'jti'],
        currentDate: now,
      }));
    } catch (error) {
      return oauthError(401, 'invalid_client', `the client assertion was refused: ${(error as Error).message}`);
    }
    const exp = claims.exp ?? 0;
    if (exp - now.getTime() / 1000 > maxAssertionLifetimeSeconds) return oauthError(401, 'invalid_client', 'the assertion\'s exp is more than 5 minutes ahead');
    const jti = `${client.clientId}\0${String(claims.jti)}`;
    this.#forgetExpiredJtis(now.getTime() / 1000);
    if (this.#usedJtis.has(jti)) return oauthError(401, 'invalid_client', 'the assertion\'s jti has been used before');
    this.#usedJtis.set(jti, exp);
    return client.clientId;
  }

  #forgetExpiredJtis(nowSeconds: number): void {
    for (const [jti, exp] of this.#usedJtis) if (exp < nowSeconds) this.#usedJtis.delete(jti);
  }
}

/** RFC 6749 §2.3.1: Basic credentials are form-encoded; anything undecodable is taken as it is. */
function formDecode(text: string): string {
  try {
    return decodeURIComponent(text.replace(/\+/g, ' '));
  } catch {
    return text;
  }
}

function sameSecret(expected: string, given: string): boolean {
  const a = createHash('sha256').update(expected).digest();
  const b = createHash('sha256').update(given).digest();
  return timingSafeEqual(a, b);
}

function oauthError(status: number, error: string, description: string): TokenResponse {
  return { status, body: { error, error_description: description } };
}

function unauthorized(code: (typeof nhsErrorCodes)[keyof typeof nhsErrorCodes], message: string, bearerError: string | undefined): FhirError {
  const challenge = bearerError === undefined ? 'Bearer' : `Bearer error="${bearerError}"`;
  return new FhirError(401, 'login', code, message, { headers: { 'www-authenticate': challenge } });
}
