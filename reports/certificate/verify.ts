import { compactVerify, decodeProtectedHeader, errors, importJWK } from 'jose';
import type { Clock } from '../clock.js';
import { reportDigest } from '../digest.js';
import type { DocumentCheck } from '../../runner/json-schema.js';
import type { RunReport } from '../model.js';
import type { Certificate } from './certificate.js';
import { certificateType } from './jws.js';
import { certificateSchemaCheck, parsePayload } from './read-certificate.js';
import type { Jwks } from './jwks.js';
import { verificationCode } from './verification-code.js';

/** Why a certificate was rejected: each is a distinct, named failure. */
export type RejectionReason =
  | 'malformed'
  | 'unknown-kid'
  | 'signature'
  | 'not-yet-valid'
  | 'expired'
  | 'report-mismatch';

export type Verification =
  | { readonly valid: true; readonly certificate: Certificate; readonly verificationCode: string }
  | { readonly valid: false; readonly reason: RejectionReason; readonly message: string; readonly verificationCode: string };

export interface VerifyOptions {
  readonly clock: Clock;
  /** When given, the certificate must have been issued for exactly this run report. */
  readonly report?: RunReport;
}

const algorithms = ['EdDSA', 'ES256'];
/** Clocks drift; a certificate issued a little "in the future" of the verifier is still accepted. */
const clockSkewMs = 5 * 60_000;

/** Verifies many certificates against one key set, compiling the certificate schema once. */
export interface CertificateVerifier {
  verify(jws: string, options: VerifyOptions): Promise<Verification>;
}

export function certificateVerifier(jwks: Jwks): CertificateVerifier {
  const check = certificateSchemaCheck();
  return { verify: (jws, options) => verifyWith(jws, jwks, check, options) };
}

/** Verifies a compact-JWS certificate offline against the issuers' public keys. */
export function verifyCertificate(jws: string, jwks: Jwks, options: VerifyOptions): Promise<Verification> {
  return certificateVerifier(jwks).verify(jws, options);
}

async function verifyWith(jws: string, jwks: Jwks, check: DocumentCheck<Certificate>, options: VerifyOptions): Promise<Verification> {
  const token = jws.trim();
  const code = verificationCode(token);
  const reject = (reason: RejectionReason, message: string): Verification => ({ valid: false, reason, message, verificationCode: code });

  if (!/^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+$/.test(token)) {
    return reject('malformed', 'not a certificate: expected a compact JWS (three base64url parts separated by dots)');
  }
  let header: ReturnType<typeof decodeProtectedHeader>;
  try {
    header = decodeProtectedHeader(token);
  } catch {
    return reject('malformed', 'its header cannot be read: the certificate was altered or cut');
  }
  if (header.typ !== certificateType || typeof header.alg !== 'string' || !algorithms.includes(header.alg)) {
    return reject('malformed', `its header is not an Assay certificate's (typ ${String(header.typ)}, alg ${String(header.alg)})`);
  }
  const kid = header.kid;
  const jwk = jwks.keys.find((key) => key.kid === kid);
  if (kid === undefined || jwk === undefined) {
    const known = jwks.keys.map((key) => String(key.kid)).join(', ');
    return reject('unknown-kid', `it was signed with key id "${String(kid)}", which is not in the JWKS (keys there: ${known})`);
  }
  let payload: Uint8Array;
  try {
    const key = await importJWK(jwk as Parameters<typeof importJWK>[0], header.alg);
    payload = (await compactVerify(token, key, { algorithms })).payload;
  } catch (error) {
    if (error instanceof errors.JWSSignatureVerificationFailed) {
      return reject('signature', `the signature does not match key "${kid}": the certificate was altered, or signed by a different key`);
    }
    return reject('signature', `it cannot be checked with key "${kid}" (${error instanceof Error ? error.message : String(error)})`);
  }
  const content = parsePayload(payload, check);
  const certificate = content.ok ? content.value : undefined;
  if (certificate === undefined || certificate.issuer.kid !== kid) {
    return reject('malformed', 'its signed content is not a valid Assay certificate');
  }
  const now = options.clock.now().getTime();
  if (Date.parse(certificate.issued) - clockSkewMs > now) {
    return reject('not-yet-valid', `it is not valid before ${certificate.issued}`);
  }
  if (Date.parse(certificate.expires) <= now) {
    const days = Math.floor((now - Date.parse(certificate.expires)) / 86_400_000);
    return reject('expired', `it expired on ${certificate.expires} (${days} days ago)`);
  }
  if (options.report !== undefined) {
    const digest = reportDigest(options.report);
    if (digest !== certificate.report.digest) {
      return reject(
        'report-mismatch',
        `the run report does not match: its digest is sha256:${digest}, the certificate was issued for sha256:${certificate.report.digest}`,
      );
    }
  }
  return { valid: true, certificate, verificationCode: code };
}
