import { UsageError } from '../../runner/errors.js';
import type { DocumentCheck } from '../../runner/json-schema.js';
import { compileSchema } from '../../runner/json-schema.js';
import { readUserFile } from '../user-file.js';
import certificateSchema from '../schemas/certificate.schema.json' with { type: 'json' };
import runReportSchema from '../schemas/run-report.schema.json' with { type: 'json' };
import type { Certificate } from './certificate.js';

/** Reads a certificate file (a compact JWS) as text; verification is verifyCertificate's job. */
export async function readCertificate(file: string): Promise<string> {
  return (await readUserFile(file, 'certificate', 'pass the certificate.jws written by "assay certify"')).trim();
}

/** The check of a certificate against its published schema; compile it once, use it for many. */
export function certificateSchemaCheck(): DocumentCheck<Certificate> {
  return compileSchema<Certificate>(certificateSchema, runReportSchema);
}

/** The certificate in a JWS payload (JSON bytes), checked against the published schema. */
export function parsePayload(payload: Uint8Array, check: DocumentCheck<Certificate>): ReturnType<DocumentCheck<Certificate>> {
  let value: unknown;
  try {
    value = JSON.parse(Buffer.from(payload).toString('utf8'));
  } catch {
    return { ok: false, problem: 'its payload is not JSON' };
  }
  return check(value);
}

/**
 * The certificate's content WITHOUT checking its signature: for diff, which compares what two
 * certificates say. Anything that decides trust goes through verifyCertificate.
 */
export function decodeCertificate(jws: string, name: string): Certificate {
  const parts = jws.split('.');
  const checked = parts.length === 3 ? parsePayload(Buffer.from(parts[1] ?? '', 'base64url'), certificateSchemaCheck()) : { ok: false as const, problem: 'not a compact JWS' };
  if (!checked.ok) {
    throw new UsageError(`${name} is not an Assay certificate (${checked.problem})`, {
      fix: 'pass a certificate.jws written by "assay certify"',
    });
  }
  return checked.value;
}
