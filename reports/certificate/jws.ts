import { canonicalJson } from '../canonical-json.js';
import type { Certificate } from './certificate.js';
import type { Signer } from './signing-key.js';

/** The JWS `typ` of an Assay certificate, so a certificate is never mistaken for another signed token. */
export const certificateType = 'assay-certificate+jws';

/**
 * Signs a certificate as a compact JWS (RFC 7515) whose payload is the certificate's canonical JSON.
 * Built here rather than with jose's CompactSign so that any Signer (a file key, an HSM) can sign.
 */
export async function signCertificate(certificate: Certificate, signer: Signer): Promise<string> {
  const header = base64url(canonicalJson({ alg: signer.alg, kid: signer.kid, typ: certificateType }));
  const payload = base64url(canonicalJson(certificate));
  const signature = await signer.sign(Buffer.from(`${header}.${payload}`, 'ascii'));
  return `${header}.${payload}.${Buffer.from(signature).toString('base64url')}`;
}

function base64url(text: string): string {
  return Buffer.from(text, 'utf8').toString('base64url');
}
