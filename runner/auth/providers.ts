import type { SecretSource } from '../config/secrets.js';
import { readSecret } from '../config/secrets.js';
import type { AuthConfig } from '../config/types.js';
import type { HttpClient } from '../dsl/context.js';
import { clientAssertion, privateKey } from './client-assertion.js';
import { discoverTokenEndpoint } from './smart-configuration.js';
import { TokenCache } from './token-cache.js';
import { requestToken } from './token-endpoint.js';

/** How requests to the target authenticate. */
export interface AuthProvider {
  /** The configured method (`none`, `bearer`, ...), for the report; never a secret. */
  readonly method: AuthConfig['type'];
  /** The headers that authenticate a request to the target, getting or refreshing a token when due. */
  headers(): Promise<Readonly<Record<string, string>>>;
}

export interface AuthDeps {
  /** HTTP without credentials, recorded as the run's set-up (token requests, discovery). */
  readonly http: HttpClient;
  readonly secrets: SecretSource;
  /** The target's base URL, ending with `/`, where SMART discovery looks. */
  readonly baseUrl: string;
  readonly target: string;
  /** Where the target is declared, to name settings in messages. */
  readonly where: string;
  readonly now?: () => number;
}

const assertionType = 'urn:ietf:params:oauth:client-assertion-type:jwt-bearer';

/**
 * The provider for a target's auth config. Secrets and keys are read here, before the first request,
 * so a missing variable or unreadable key file stops the run at once with one message.
 */
export function createAuth(auth: AuthConfig, deps: AuthDeps): AuthProvider {
  const setting = (key: string): string => `${deps.where}.auth.${key}`;
  const token = (issue: ConstructorParameters<typeof TokenCache>[0]): AuthProvider['headers'] => {
    const cache = new TokenCache(issue, deps.now);
    return async () => ({ authorization: `Bearer ${await cache.token()}` });
  };
  const options = { redactor: deps.secrets.redactor, target: deps.target };
  switch (auth.type) {
    case 'none':
      return { method: 'none', headers: () => Promise.resolve({}) };
    case 'bearer': {
      const value = readSecret(auth.token, setting('token'), deps.secrets);
      return { method: 'bearer', headers: () => Promise.resolve({ authorization: `Bearer ${value}` }) };
    }
    case 'client-credentials': {
      const secret = readSecret(auth.clientSecret, setting('clientSecret'), deps.secrets);
      const basic = auth.method !== 'client_secret_post';
      const form = {
        grant_type: 'client_credentials',
        ...(auth.scope === undefined ? {} : { scope: auth.scope }),
        ...(auth.audience === undefined ? {} : { audience: auth.audience }),
        ...(basic ? {} : { client_id: auth.clientId, client_secret: secret }),
      };
      const headers = basic ? { authorization: `Basic ${basicCredentials(auth.clientId, secret)}` } : {};
      return {
        method: 'client-credentials',
        headers: token(() => requestToken(deps.http, auth.tokenUrl, form, { ...options, headers })),
      };
    }
    case 'signed-jwt': {
      const algorithm = auth.algorithm ?? 'RS512';
      const key = privateKey(readSecret(auth.privateKey, setting('privateKey'), deps.secrets), algorithm, setting('privateKey'));
      return {
        method: 'signed-jwt',
        headers: token(async () => {
          const assertion = await clientAssertion({ clientId: auth.clientId, kid: auth.kid, audience: auth.tokenUrl, algorithm, key, ...now(deps) });
          const form = { grant_type: 'client_credentials', client_assertion_type: assertionType, client_assertion: assertion };
          return requestToken(deps.http, auth.tokenUrl, form, options);
        }),
      };
    }
    case 'smart-backend': {
      const algorithm = auth.algorithm ?? 'RS384';
      const key = privateKey(readSecret(auth.privateKey, setting('privateKey'), deps.secrets), algorithm, setting('privateKey'));
      let endpoint: Promise<string> | undefined;
      return {
        method: 'smart-backend',
        headers: token(async () => {
          endpoint ??= auth.tokenUrl === undefined ? discoverTokenEndpoint(deps.http, deps.baseUrl, deps.target) : Promise.resolve(auth.tokenUrl);
          const tokenUrl = await endpoint;
          const assertion = await clientAssertion({ clientId: auth.clientId, kid: auth.kid, audience: tokenUrl, algorithm, key, ...now(deps) });
          const form = {
            grant_type: 'client_credentials',
            scope: auth.scope,
            client_assertion_type: assertionType,
            client_assertion: assertion,
          };
          return requestToken(deps.http, tokenUrl, form, options);
        }),
      };
    }
  }
}

/** RFC 6749 §2.3.1: id and secret are form-encoded before they are joined and base64-encoded. */
function basicCredentials(id: string, secret: string): string {
  const encode = (value: string): string => new URLSearchParams({ v: value }).toString().slice(2);
  return Buffer.from(`${encode(id)}:${encode(secret)}`).toString('base64');
}

function now(deps: AuthDeps): { now?: () => number } {
  return deps.now === undefined ? {} : { now: deps.now };
}
