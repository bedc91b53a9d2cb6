import type { StructureDefinition } from 'fhir/r4.js';
import { CanonicalIndex } from './canonical-index.js';
import { parseResource } from './packages/package-content.js';
import { generateSnapshot, SnapshotError } from './snapshot/index.js';
import type { ConformanceResource, Definitions, LoadedPackage } from './types.js';

/** One loaded resource: its canonical facts now, its content parsed on first use (warm starts parse little). */
export interface ResourceEntry {
  readonly resourceType: string;
  readonly url?: string | undefined;
  readonly version?: string | undefined;
  readonly id?: string | undefined;
  /** The resource's JSON text as loaded, when it came from a package (what the compiled cache stores). */
  readonly json?: Buffer | undefined;
  resource(): ConformanceResource;
}

/** An entry for a resource already parsed. */
export function parsedEntry(resource: ConformanceResource): ResourceEntry {
  return { resourceType: resource.resourceType, url: resource.url, version: resource.version, id: resource.id, resource: () => resource };
}

/**
 * An entry for a resource stored as JSON text, parsed once when first used; the text is let go then (keeping
 * both doubled the memory of every resource a validation reads), and jsonOf writes the parsed form instead.
 */
export function lazyEntry(facts: Omit<ResourceEntry, 'resource' | 'json'>, json: Buffer): ResourceEntry {
  let text: Buffer | undefined = json;
  let parsed: ConformanceResource | undefined;
  return {
    ...facts,
    get json(): Buffer | undefined {
      return text;
    },
    resource(): ConformanceResource {
      // Only the closure's own copy of the text is referenced here, so letting it go frees it.
      if (parsed === undefined) {
        parsed = deepFreeze(JSON.parse(String(text?.toString('utf8'))) as ConformanceResource);
        text = undefined;
      }
      return parsed;
    },
  };
}

/**
 * Freezes a resource and everything in it. Snapshots share unchanged elements with their bases, so a
 * caller writing into one would change others: frozen, it fails loudly instead.
 */
function deepFreeze<T>(value: T): T {
  if (typeof value === 'object' && value !== null && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const child of Object.values(value)) deepFreeze(child);
  }
  return value;
}

/**
 * An entry for a package file: parsed now for its canonical facts (a malformed file is a bad package), then
 * let go; the content is parsed again if and when it is used, which keeps a cold start's memory to the
 * files' text.
 */
export function fileEntry(json: Buffer, file: string): ResourceEntry | undefined {
  const resource = parseResource(json, file);
  if (resource === undefined) return undefined;
  return lazyEntry({ resourceType: resource.resourceType, url: resource.url, version: resource.version, id: resource.id }, json);
}


/**
 * The resources of one Definitions and the snapshots generated for them. StructureDefinitions without a
 * snapshot get one on first use (or up front, see snapshotOf), kept with any SnapshotError for the life of the
 * set; nothing lives in module state, so two sets with different packages coexist in one process.
 */
export class DefinitionSet {
  readonly #index: CanonicalIndex<ResourceEntry>;
  readonly #generated = new Map<ResourceEntry, StructureDefinition | SnapshotError>();
  readonly #inProgress = new Set<ResourceEntry>();

  constructor(entries: Iterable<ResourceEntry>, knownErrors: ReadonlyMap<ResourceEntry, SnapshotError> = new Map()) {
    this.#index = new CanonicalIndex(entries);
    for (const [entry, error] of knownErrors) this.#generated.set(entry, error);
  }

  /** The resource an entry stands for: a StructureDefinition with its generated snapshot when it has one. */
  resourceOf(entry: ResourceEntry): ConformanceResource {
    const generated = this.#generated.get(entry);
    return generated === undefined || generated instanceof SnapshotError ? entry.resource() : (generated as unknown as ConformanceResource);
  }

  /** The StructureDefinition with its snapshot; throws the SnapshotError when its differential is broken. */
  snapshotOf(entry: ResourceEntry): StructureDefinition | undefined {
    const resource = entry.resource();
    if (resource.resourceType !== 'StructureDefinition') return undefined;
    const sd = resource as unknown as StructureDefinition;
    if ((sd.snapshot?.element.length ?? 0) > 0) return sd;
    const known = this.#generated.get(entry);
    if (known instanceof SnapshotError) throw known;
    if (known !== undefined) return known;
    if (this.#inProgress.has(entry)) {
      throw new SnapshotError(sd.url, 'its snapshot depends on itself (through its baseDefinition or a type profile)', 'break the cycle in its differential');
    }
    this.#inProgress.add(entry);
    try {
      const withSnapshot: StructureDefinition = deepFreeze({ ...sd, snapshot: { element: generateSnapshot(sd, this) } });
      this.#generated.set(entry, withSnapshot);
      return withSnapshot;
    } catch (error) {
      if (error instanceof SnapshotError) this.#generated.set(entry, error);
      throw error;
    } finally {
      this.#inProgress.delete(entry);
    }
  }

  /** The JSON text to keep for an entry: the generated StructureDefinition's when it got a snapshot, else its own. */
  jsonOf(entry: ResourceEntry): Buffer {
    const generated = this.#generated.get(entry);
    if (generated !== undefined && !(generated instanceof SnapshotError)) return Buffer.from(JSON.stringify(generated), 'utf8');
    return entry.json ?? Buffer.from(JSON.stringify(entry.resource()), 'utf8');
  }

  /** The snapshot, or the error that stops one, without throwing (for compiling packages up front). */
  trySnapshot(entry: ResourceEntry): StructureDefinition | SnapshotError | undefined {
    try {
      return this.snapshotOf(entry);
    } catch (error) {
      if (error instanceof SnapshotError) return error;
      throw error;
    }
  }

  structureDefinition(canonical: string): StructureDefinition | undefined {
    const entry = this.#index.resolve(canonical);
    return entry === undefined ? undefined : this.snapshotOf(entry);
  }

  *#resources(resourceType: string): Generator<ConformanceResource> {
    for (const entry of this.#index.all(resourceType)) yield this.resourceOf(entry);
  }

  /** The read-only Definitions face of the set. */
  definitions(packages: readonly LoadedPackage[]): Definitions {
    const index = this.#index;
    return Object.freeze({
      packages,
      resolve: (canonical: string) => {
        const entry = index.resolve(canonical);
        return entry === undefined ? undefined : this.resourceOf(entry);
      },
      structureDefinition: (canonical: string) => this.structureDefinition(canonical),
      // parsed as iterated: a caller looking for one resource among 1,400 SearchParameters parses few
      all: (resourceType: string): Iterable<ConformanceResource> => ({ [Symbol.iterator]: () => this.#resources(resourceType) }),
    });
  }
}
