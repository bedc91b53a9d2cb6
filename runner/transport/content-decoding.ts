import type { Transform } from 'node:stream';
import { createBrotliDecompress, createGunzip, createInflate } from 'node:zlib';

/**
 * Decodes a compressed response body inside the transport, so the size cap counts decoded bytes (a small
 * compressed bomb cannot get past it) and the evidence holds readable text. Consumers above the transport
 * (ctx.http, fetch) then see an identity-encoded response.
 */
export function decoderFor(contentEncoding: string | undefined): Transform | undefined {
  switch (contentEncoding?.trim().toLowerCase()) {
    case 'gzip':
    case 'x-gzip':
      return createGunzip();
    case 'deflate':
      return createInflate();
    case 'br':
      return createBrotliDecompress();
    default:
      return undefined;
  }
}

/** Response headers as the consumer sees them once the body is decoded. */
export function decodedHeaders<T extends Record<string, unknown>>(headers: T): T {
  const copy: Record<string, unknown> = { ...headers };
  delete copy['content-encoding'];
  delete copy['content-length'];
  return copy as T;
}
