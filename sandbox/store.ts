import type { Resource } from 'fhir/r4.js';
import type { SearchIndex } from './search/index.js';

export type WriteMethod = 'POST' | 'PUT' | 'DELETE';

/** One version of one resource; a delete is a version without a resource. */
export interface StoredVersion {
  readonly type: string;
  readonly id: string;
  readonly versionId: number;
  readonly lastUpdated: Date;
  readonly method: WriteMethod;
  /** The resource as stored, meta.versionId and meta.lastUpdated included; undefined for a delete. */
  readonly resource: Resource | undefined;
  readonly index: SearchIndex;
}

/**
 * The sandbox's in-memory resources with every version kept (R4 vread and history). One store per
 * sandbox; nothing here is shared between sandboxes. Writes are synchronous, so a write never
 * interleaves with another request's.
 */
export class ResourceStore {
  /** type → id → versions, oldest first; a Map keeps insertion order, which is the default search order. */
  #byType = new Map<string, Map<string, StoredVersion[]>>();
  /** Every version in the order written, for type and system history. */
  #log: StoredVersion[] = [];

  /** The latest version of a resource (possibly a delete), or undefined if it never existed. */
  latest(type: string, id: string): StoredVersion | undefined {
    const versions = this.#byType.get(type)?.get(id);
    return versions?.[versions.length - 1];
  }

  version(type: string, id: string, versionId: number): StoredVersion | undefined {
    return this.#byType.get(type)?.get(id)?.find((v) => v.versionId === versionId);
  }

  /** Live (not deleted) resources of a type, in the order they were first created. */
  *live(type: string): IterableIterator<StoredVersion> {
    for (const versions of this.#byType.get(type)?.values() ?? []) {
      const latest = versions[versions.length - 1];
      if (latest?.resource !== undefined) yield latest;
    }
  }

  /** Versions newest first: of one resource, of one type, or of everything. */
  history(type?: string, id?: string): StoredVersion[] {
    if (type !== undefined && id !== undefined) return [...(this.#byType.get(type)?.get(id) ?? [])].reverse();
    const log = type === undefined ? this.#log : this.#log.filter((v) => v.type === type);
    return [...log].reverse();
  }

  /** Appends a new version; the caller has already built the resource with its meta. */
  write(version: StoredVersion): StoredVersion {
    let ids = this.#byType.get(version.type);
    if (ids === undefined) this.#byType.set(version.type, (ids = new Map<string, StoredVersion[]>()));
    const versions = ids.get(version.id);
    if (versions === undefined) ids.set(version.id, [version]);
    else versions.push(version);
    this.#log.push(version);
    return version;
  }

  /** The version number the next write of this resource gets. */
  nextVersionId(type: string, id: string): number {
    return (this.latest(type, id)?.versionId ?? 0) + 1;
  }

  /** A restore point for a transaction: calling the result undoes every write made since. */
  savepoint(): () => void {
    const logLength = this.#log.length;
    return () => {
      for (const undone of this.#log.splice(logLength).reverse()) {
        const versions = this.#byType.get(undone.type)?.get(undone.id);
        versions?.pop();
        if (versions?.length === 0) this.#byType.get(undone.type)?.delete(undone.id);
      }
    };
  }
}
