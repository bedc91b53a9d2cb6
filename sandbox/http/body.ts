import type { IncomingMessage } from 'node:http';
import { FhirError } from '../outcome.js';
import { nhsErrorCodes } from '../nhs-error-codes.js';

/**
 * Reads a request body, refusing (413) anything over the cap before holding it in memory: a declared
 * Content-Length over the cap is refused without reading, a longer stream as soon as it passes the cap.
 */
export function readBody(request: IncomingMessage, maxBytes: number): Promise<Buffer> {
  const declared = Number(request.headers['content-length']);
  if (Number.isFinite(declared) && declared > maxBytes) return Promise.reject(tooLarge(maxBytes));
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    const onData = (chunk: Buffer) => {
      size += chunk.length;
      if (size > maxBytes) {
        request.off('data', onData);
        request.pause();
        reject(tooLarge(maxBytes));
        return;
      }
      chunks.push(chunk);
    };
    request.on('data', onData);
    request.once('end', () => resolve(Buffer.concat(chunks)));
    request.once('error', reject);
    request.once('aborted', () => reject(new Error('the client aborted the request')));
  });
}

function tooLarge(maxBytes: number): FhirError {
  return new FhirError(413, 'too-long', nhsErrorCodes.invalidValue, `the request body is larger than this server accepts (${maxBytes} bytes)`, {
    headers: { connection: 'close' },
  });
}

/** Parses a FHIR JSON body: malformed JSON, or JSON that is not an object, is a 400. */
export function parseJsonBody(bytes: Buffer): unknown {
  let parsed: unknown;
  try {
    parsed = JSON.parse(bytes.toString('utf8'));
  } catch (error) {
    throw new FhirError(400, 'structure', nhsErrorCodes.invalidValue, `the request body is not valid JSON: ${(error as Error).message}`);
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
    throw new FhirError(400, 'structure', nhsErrorCodes.invalidValue, 'the request body is not a FHIR resource: it must be a JSON object');
  }
  return parsed;
}
