import { hash } from 'node:crypto';
import { canonicalJson } from './canonical-json.js';
import type { RunReport } from './model.js';

/** One-shot hashing (no Hash object): the runner hashes every exchange with it. */
export function sha256Hex(data: string | Uint8Array): string {
  return hash('sha256', data, 'hex');
}

/** The run report's digest: sha256 (hex) of its canonical JSON (RFC 8785), as certificates carry it. */
export function reportDigest(report: RunReport): string {
  return sha256Hex(canonicalJson(report));
}

/** A UUID-shaped name (RFC 9562 version 8, from our own sha256), the same for the same name. */
export function uuidFromName(name: string): string {
  const h = sha256Hex(name);
  const variant = ((parseInt(h.slice(16, 17), 16) & 0x3) | 0x8).toString(16);
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-8${h.slice(13, 16)}-${variant}${h.slice(17, 20)}-${h.slice(20, 32)}`;
}
