import type { BundleScope, ResourceFrame } from './context.js';
import { isJsonObject } from './fhir-types.js';

const relativeReference = /^([A-Za-z]+)\/([A-Za-z0-9\-.]{1,64})(\/_history\/[A-Za-z0-9\-.]{1,64})?$/;

/** `Patient/123` → Patient; absolute RESTful URLs too; undefined for anything else (urn:, #, logical). */
export function referenceType(reference: string): string | undefined {
  const match = /(?:^|\/)([A-Z][A-Za-z]+)\/[A-Za-z0-9\-.]{1,64}(\/_history\/[A-Za-z0-9\-.]{1,64})?$/.exec(reference);
  return match?.[1];
}

export function isRelativeReference(reference: string): boolean {
  return relativeReference.test(reference);
}

/**
 * Resolves a reference inside what the validator has: `#id` against the containing resource's contained
 * resources (`#` alone is the container), anything else against the entries of the enclosing Bundle
 * (by fullUrl, a relative reference against the entry's base, then by type and id).
 */
export function resolveReference(frame: ResourceFrame, reference: unknown): Record<string, unknown> | undefined {
  if (typeof reference !== 'string' || reference === '') return undefined;
  if (reference.startsWith('#')) {
    const root = frame.root.resource;
    if (reference === '#') return root;
    const id = reference.slice(1);
    const contained = Array.isArray(root.contained) ? root.contained : [];
    return contained.find((c): c is Record<string, unknown> => isJsonObject(c) && c.id === id);
  }
  const bundle = frame.bundle;
  if (bundle === undefined) return undefined;
  return findInBundle(bundle, reference, frame.fullUrl)[0];
}

/** Every entry a reference could mean (more than one is itself a problem in a Bundle). */
export function findInBundle(bundle: BundleScope, reference: string, fromFullUrl: string | undefined): Record<string, unknown>[] {
  const plain = reference.replace(/\/_history\/[^/]+$/, '');
  const candidates = new Set<string>([plain]);
  if (!plain.includes(':') && fromFullUrl !== undefined) {
    const base = restBase(fromFullUrl);
    if (base !== undefined) candidates.add(`${base}/${plain}`);
  }
  const byUrl = bundle.entries.filter((e) => e.fullUrl !== undefined && candidates.has(e.fullUrl) && e.resource !== undefined);
  if (byUrl.length > 0 || plain.includes(':')) return byUrl.map((e) => e.resource as Record<string, unknown>);
  const match = relativeReference.exec(plain);
  if (match === null) return [];
  // A relative reference the bases do not settle: an entry of that type and id whose fullUrl is not another server's URL.
  return bundle.entries
    .filter((e) => e.resource !== undefined && e.resource.resourceType === match[1] && e.resource.id === match[2])
    .filter((e) => e.fullUrl === undefined || !/^https?:/.test(e.fullUrl) || e.fullUrl.endsWith(`/${plain}`))
    .map((e) => e.resource as Record<string, unknown>);
}

/** `http://x/fhir/Patient/1` → `http://x/fhir`. */
function restBase(fullUrl: string): string | undefined {
  const match = /^(https?:\/\/.+)\/[A-Za-z]+\/[A-Za-z0-9\-.]{1,64}$/.exec(fullUrl);
  return match?.[1];
}
