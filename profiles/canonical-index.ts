import type { ConformanceResource } from './types.js';

/** What the index reads of a resource (or of an entry standing for one that is parsed later). */
export interface Canonical {
  readonly resourceType: string;
  readonly url?: string | undefined;
  readonly version?: string | undefined;
}

/**
 * Conformance resources by canonical URL. `url` alone resolves to the newest loaded version; `url|version`
 * resolves exactly or not at all, never silently to another version. Built once, then read-only.
 */
export class CanonicalIndex<T extends Canonical = ConformanceResource> {
  readonly #byUrl = new Map<string, T[]>();

  constructor(resources: Iterable<T>) {
    for (const resource of resources) {
      if (typeof resource.url !== 'string') continue;
      const versions = this.#byUrl.get(resource.url);
      if (versions === undefined) this.#byUrl.set(resource.url, [resource]);
      else versions.push(resource);
    }
    for (const versions of this.#byUrl.values()) versions.sort((a, b) => compareVersions(b.version, a.version));
  }

  resolve(canonical: string): T | undefined {
    const [url = '', version] = splitCanonical(canonical);
    const versions = this.#byUrl.get(url);
    if (version === undefined) return versions?.[0];
    return versions?.find((resource) => resource.version === version);
  }

  /** Every loaded version of a canonical URL, newest first. */
  versions(url: string): readonly T[] {
    return this.#byUrl.get(url) ?? [];
  }

  *all(resourceType?: string): IterableIterator<T> {
    for (const versions of this.#byUrl.values()) {
      for (const resource of versions) if (resourceType === undefined || resource.resourceType === resourceType) yield resource;
    }
  }
}

/** `url|version` into its parts; a `#fragment` (contained resource reference) is not part of the canonical. */
export function splitCanonical(canonical: string): [string, string | undefined] {
  const bar = canonical.indexOf('|');
  return bar < 0 ? [canonical, undefined] : [canonical.slice(0, bar), canonical.slice(bar + 1)];
}

/** Orders versions numerically part by part (semver-like, as FHIR versions are); missing versions sort oldest. */
export function compareVersions(a: string | undefined, b: string | undefined): number {
  if (a === b) return 0;
  if (a === undefined) return -1;
  if (b === undefined) return 1;
  const pa = a.split(/[.-]/);
  const pb = b.split(/[.-]/);
  for (let i = 0; i < Math.max(pa.length, pb.length); i++) {
    const x = pa[i];
    const y = pb[i];
    if (x === y) continue;
    if (x === undefined) return 1; // 1.0.0 is newer than its pre-release 1.0.0-ballot
    if (y === undefined) return -1;
    const nx = Number(x);
    const ny = Number(y);
    if (Number.isInteger(nx) && Number.isInteger(ny)) return nx - ny;
    return x < y ? -1 : 1;
  }
  return 0;
}
