/**
 * Literal references a resource makes that the server should resolve: relative `Type/id` (optionally with
 * `/_history/n`) and absolute ones under the target's base URL. Contained (`#id`), `urn:` and other
 * servers' references are not this server's to resolve, and identifier-only references are logical.
 */
export interface LiteralReference {
  readonly location: string;
  /** Relative to the target's base URL: `Patient/123`. */
  readonly path: string;
  readonly type: string;
  readonly id: string;
}

const relative = /^([A-Z][A-Za-z]+)\/([A-Za-z0-9\-.]{1,64})(\/_history\/[A-Za-z0-9\-.]{1,64})?$/;

function toRelative(reference: string, baseUrl: string): string | undefined {
  if (reference.startsWith('#') || reference.startsWith('urn:')) return undefined;
  if (/^[a-z][a-z0-9+.-]*:/i.test(reference)) return reference.startsWith(baseUrl) ? reference.slice(baseUrl.length) : undefined;
  return reference;
}

/** Every literal reference to this server in the resource, with where it is. */
export function serverReferences(value: unknown, location: string, baseUrl: string): LiteralReference[] {
  if (Array.isArray(value)) return value.flatMap((item, index) => serverReferences(item, `${location}[${index}]`, baseUrl));
  if (typeof value !== 'object' || value === null) return [];
  const record = value as Record<string, unknown>;
  const found: LiteralReference[] = [];
  const reference = record['reference'];
  if (typeof reference === 'string') {
    const path = toRelative(reference, baseUrl);
    const match = path === undefined ? null : relative.exec(path);
    if (match?.[1] !== undefined && match[2] !== undefined && path !== undefined) found.push({ location: `${location}.reference`, path, type: match[1], id: match[2] });
  }
  for (const [key, child] of Object.entries(record)) {
    if (key !== 'contained') found.push(...serverReferences(child, `${location}.${key}`, baseUrl));
  }
  return found;
}
