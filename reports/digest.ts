import { createHash } from 'node:crypto';
import { canonicalJson } from './canonical-json.js';
import type { RunReport } from './model.js';

export function sha256Hex(data: string | Uint8Array): string {
  return createHash('sha256').update(data).digest('hex');
}

/** The run report's digest: sha256 (hex) of its canonical JSON (RFC 8785), as certificates carry it. */
export function reportDigest(report: RunReport): string {
  return sha256Hex(canonicalJson(report));
}
