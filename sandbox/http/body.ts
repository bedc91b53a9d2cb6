import type { IncomingMessage } from 'node:http';
import { FhirError } from '../outcome.js';
import { nhsErrorCodes } from '../nhs-error-codes.js';

/**
 * Reads a request body, refusing (413) anything over the cap before holding it in memory: a declared
 * Content-Length over the cap is refused without reading, a longer stream as soon as it passes the cap.
 * The refusal is answered while the client may still be sending; node:http then discards the rest of the
 * body (within the request timeout) so the client gets to read the 413 instead of a reset connection.
 * Only a declared body far past the cap is refused with `Connection: close`, so nobody is made to wait
 * while gigabytes are drained.
 */
export function readBody(request: IncomingMessage, maxBytes: number): Promise<Buffer> {
  const declared = Number(request.headers['content-length']);
  if (Number.isFinite(declared) && declared > maxBytes) return Promise.reject(tooLarge(maxBytes, declared > drainLimit(maxBytes)));
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    const onData = (chunk: Buffer) => {
      size += chunk.length;
      if (size > maxBytes) {
        request.off('data', onData);
        reject(tooLarge(maxBytes, false));
        return;
      }
      chunks.push(chunk);
    };
    request.on('data', onData);
    request.once('end', () => resolve(Buffer.concat(chunks)));
    // A client that goes away mid-body is not a bug of the sandbox: answer it (into the void) as a bad request.
    const cutShort = () => reject(new FhirError(400, 'incomplete', nhsErrorCodes.invalidValue, 'the client closed the connection before sending the whole body'));
    request.once('error', cutShort);
    request.once('close', () => {
      if (!request.complete) cutShort();
    });
  });
}

function tooLarge(maxBytes: number, closeConnection: boolean): FhirError {
  return new FhirError(413, 'too-long', nhsErrorCodes.invalidValue, `the request body is larger than this server accepts (${maxBytes} bytes)`, {
    headers: closeConnection ? { connection: 'close' } : {},
  });
}

/** How much of an over-size body is drained so its sender can read the 413. */
function drainLimit(maxBytes: number): number {
  return 4 * maxBytes;
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
  if (depthExceeds(parsed, maxDepth)) {
    throw new FhirError(400, 'structure', nhsErrorCodes.invalidValue, `the request body nests deeper than ${maxDepth} levels, which no FHIR resource needs`);
  }
  return parsed;
}

/** Deeper than any real resource (a transaction of Questionnaires stays far below), shallow enough for recursion. */
const maxDepth = 200;

/** Measured without recursion, so a hostile body cannot exhaust the stack here either. */
function depthExceeds(root: object, limit: number): boolean {
  const stack: [unknown, number][] = [[root, 1]];
  for (let next = stack.pop(); next !== undefined; next = stack.pop()) {
    const [node, depth] = next;
    if (depth > limit) return true;
    if (typeof node === 'object' && node !== null) for (const child of Object.values(node)) stack.push([child, depth + 1]);
  }
  return false;
}
