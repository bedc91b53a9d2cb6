import { createHash } from 'node:crypto';

/** Crockford's base32 alphabet: no I, L, O or U, so a code read aloud or off paper is unambiguous. */
const alphabet = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';

/**
 * A short code for one certificate: the first 80 bits of the sha256 of its JWS, in four groups of four.
 * Printed on the human-readable certificate and by "assay verify", so a printout can be matched to the
 * signed file; any change to the JWS changes the code.
 */
export function verificationCode(jws: string): string {
  const bytes = createHash('sha256').update(jws.trim(), 'ascii').digest().subarray(0, 10);
  let bits = 0n;
  for (const byte of bytes) bits = (bits << 8n) | BigInt(byte);
  let code = '';
  for (let shift = 75n; shift >= 0n; shift -= 5n) code += alphabet[Number((bits >> shift) & 31n)];
  return code.match(/.{4}/g)?.join('-') ?? code;
}
