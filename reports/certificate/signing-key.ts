import type { JsonWebKey as NodeJwk, KeyObject } from 'node:crypto';
import { createPrivateKey, generateKeyPairSync, sign } from 'node:crypto';
import { calculateJwkThumbprint } from 'jose';
import { UsageError } from '../../runner/errors.js';
import { parseJsonFile, readUserFile } from '../user-file.js';

/** The JWS algorithms certificates are signed with: Ed25519 (EdDSA, the default) or ECDSA P-256. */
export type SigningAlgorithm = 'EdDSA' | 'ES256';

/**
 * The signer seam: whatever holds the private key (a file today, an HSM or cloud KMS tomorrow) signs
 * the JWS signing input and never hands the key out.
 */
export interface Signer {
  readonly kid: string;
  readonly alg: SigningAlgorithm;
  sign(data: Uint8Array): Promise<Uint8Array>;
}

/** A public key as published in a JWKS. */
export type PublicJwk = {
  readonly kty: 'OKP' | 'EC';
  readonly crv: 'Ed25519' | 'P-256';
  readonly x: string;
  readonly y?: string;
  readonly kid: string;
  readonly alg: SigningAlgorithm;
  readonly use: 'sig';
};

export interface GeneratedKeyPair {
  /** The private JWK (with `d`): write it to a file only the issuer can read. */
  readonly privateJwk: Readonly<Record<string, string>>;
  readonly publicJwk: PublicJwk;
}

export async function generateSigningKey(alg: SigningAlgorithm = 'EdDSA', kid?: string): Promise<GeneratedKeyPair> {
  const { privateKey } =
    alg === 'EdDSA' ? generateKeyPairSync('ed25519') : generateKeyPairSync('ec', { namedCurve: 'P-256' });
  const jwk = privateKey.export({ format: 'jwk' });
  const publicJwk = await publicJwkOf(jwk, alg, kid);
  return { privateJwk: { ...stringMembers(jwk), kid: publicJwk.kid, alg, use: 'sig' }, publicJwk };
}

/** Reads a private JWK file into a Signer; the key material stays inside the returned closure. */
export async function readSigningKey(file: string): Promise<Signer> {
  const text = await readUserFile(
    file,
    'signing key',
    'pass the private key written by "assay keys generate", e.g. --key keys/issuer.private.jwk',
  );
  return signerFromJwk(parseJsonFile(text, `signing key ${file}`, 'pass a private JWK written by "assay keys generate"'), file);
}

export async function signerFromJwk(value: unknown, name: string): Promise<Signer> {
  const jwk = checkPrivateJwk(value, name);
  const alg: SigningAlgorithm = jwk.kty === 'OKP' ? 'EdDSA' : 'ES256';
  let key: KeyObject;
  try {
    key = createPrivateKey({ key: jwk, format: 'jwk' });
  } catch {
    throw new UsageError(`signing key ${name} is not a usable ${jwk.crv ?? ''} private key (its key material is damaged)`, {
      fix: 'generate a new one with "assay keys generate"',
    });
  }
  const kid = (await publicJwkOf(jwk, alg, typeof jwk.kid === 'string' ? jwk.kid : undefined)).kid;
  return {
    kid,
    alg,
    sign: (data) =>
      Promise.resolve(alg === 'EdDSA' ? sign(null, data, key) : sign('sha256', data, { key, dsaEncoding: 'ieee-p1363' })),
  };
}

const keyFix = 'certificates are signed with an Ed25519 or P-256 private JWK; make one with "assay keys generate"';

function checkPrivateJwk(value: unknown, name: string): NodeJwk {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new UsageError(`signing key ${name} is not a JWK (a JSON object)`, { fix: keyFix });
  }
  const jwk = value as NodeJwk & { keys?: unknown };
  if (Array.isArray(jwk.keys)) {
    throw new UsageError(`signing key ${name} is a key set (JWKS) of public keys, not a private key`, {
      fix: 'pass the issuer.private.jwk written beside it by "assay keys generate"',
    });
  }
  const kind = `${String(jwk.kty ?? 'unknown')}${jwk.crv === undefined ? '' : ` ${jwk.crv}`}`;
  const supported = (jwk.kty === 'OKP' && jwk.crv === 'Ed25519') || (jwk.kty === 'EC' && jwk.crv === 'P-256');
  if (!supported) throw new UsageError(`signing key ${name} is a wrong key type (${kind})`, { fix: keyFix });
  if (typeof jwk.d !== 'string') {
    throw new UsageError(`signing key ${name} is a public key; signing needs the private key`, {
      fix: 'pass the issuer.private.jwk written by "assay keys generate"',
    });
  }
  return jwk;
}

async function publicJwkOf(jwk: NodeJwk, alg: SigningAlgorithm, kid: string | undefined): Promise<PublicJwk> {
  const members =
    jwk.kty === 'OKP'
      ? { kty: 'OKP' as const, crv: 'Ed25519' as const, x: String(jwk.x) }
      : { kty: 'EC' as const, crv: 'P-256' as const, x: String(jwk.x), y: String(jwk.y) };
  return { ...members, kid: kid ?? (await calculateJwkThumbprint(members)), alg, use: 'sig' };
}

function stringMembers(jwk: NodeJwk): Record<string, string> {
  return Object.fromEntries(Object.entries(jwk).filter((entry): entry is [string, string] => typeof entry[1] === 'string'));
}
