import type { KeyObject } from 'node:crypto';
import { createPrivateKey, randomUUID } from 'node:crypto';
import { SignJWT } from 'jose';
import { UsageError } from '../errors.js';

/**
 * Lifetime of a client assertion. NHS England and SMART Backend Services both allow at most five
 * minutes; four leave room for a clock a little ahead of the server's.
 */
export const assertionLifetimeSeconds = 240;

export type AssertionAlgorithm = 'RS512' | 'RS384' | 'RS256' | 'ES384' | 'ES512';

export interface AssertionOptions {
  readonly clientId: string;
  readonly kid: string;
  /** The token endpoint: the assertion's audience. */
  readonly audience: string;
  readonly algorithm: AssertionAlgorithm;
  readonly key: KeyObject;
  readonly now?: () => number;
}

/**
 * A signed JWT client assertion (RFC 7523) as NHS England's application-restricted APIs and SMART
 * Backend Services take it: `iss` and `sub` the client id, `aud` the token endpoint, a unique `jti`,
 * `exp` a few minutes ahead, `kid` in the header naming the public key registered for the client.
 */
export function clientAssertion(options: AssertionOptions): Promise<string> {
  const now = Math.floor((options.now ?? Date.now)() / 1000);
  return new SignJWT({})
    .setProtectedHeader({ alg: options.algorithm, kid: options.kid, typ: 'JWT' })
    .setIssuer(options.clientId)
    .setSubject(options.clientId)
    .setAudience(options.audience)
    .setJti(randomUUID())
    .setExpirationTime(now + assertionLifetimeSeconds)
    .sign(options.key);
}

/** Reads a PEM private key (PKCS#1 or PKCS#8, RSA or EC) and checks it can sign with `algorithm`. */
export function privateKey(pem: string, algorithm: AssertionAlgorithm, where: string): KeyObject {
  let key: KeyObject;
  try {
    key = createPrivateKey({ key: pem, format: 'pem' });
  } catch (error) {
    throw new UsageError(`${where}: not a readable PEM private key (${(error as Error).message})`, {
      fix: 'give an unencrypted PEM file ("BEGIN PRIVATE KEY" or "BEGIN RSA PRIVATE KEY")',
    });
  }
  const type = key.asymmetricKeyType;
  const curve = key.asymmetricKeyDetails?.namedCurve;
  const fits = algorithm.startsWith('RS')
    ? type === 'rsa'
    : type === 'ec' && curve === (algorithm === 'ES384' ? 'secp384r1' : 'secp521r1');
  if (!fits) {
    throw new UsageError(`${where}: a ${type ?? 'unknown'}${curve === undefined ? '' : ` ${curve}`} key cannot sign ${algorithm}`, {
      fix: algorithm.startsWith('RS') ? 'use an RSA key' : `use an EC key on ${algorithm === 'ES384' ? 'P-384' : 'P-521'}`,
    });
  }
  return key;
}
