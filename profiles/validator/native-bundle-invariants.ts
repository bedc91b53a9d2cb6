import { hasNodes, isPlainObject, plainObjects, plainString, type JsonObject } from './fhirpath-shape.js';
import type { NativeForm, NativeInvariant } from './native-invariants.js';

/**
 * Native forms of R4's Bundle invariants (see native-invariants.ts). Those that read every entry (bdl-3, bdl-4,
 * bdl-7) cost milliseconds through fhirpath.js on Bundles of thousands of entries.
 *
 * FHIRPath's three-valued logic decides what an absent Bundle.type gives: `type = 'x'` is then empty, and
 * `{} or X`, `{} implies X` are true only when X is true; the validator reads empty as failed.
 */

/** Bundle.type as a string, undefined when absent, null when fhirpath.js must decide. */
function bundleType(bundle: unknown): string | undefined | null {
  return isPlainObject(bundle) ? plainString(bundle, 'type') : null;
}

/** bdl-3 and bdl-4: every entry has `member` exactly when %resource.type is one of `types`. */
function entriesHaveWhen(member: string, types: readonly string[]): NativeForm {
  return (focus, scope) => {
    if (!isPlainObject(focus)) return undefined;
    const entries = plainObjects(focus, 'entry');
    const type = bundleType(scope.resource);
    if (entries === undefined || type === null) return undefined;
    if (entries.length === 0) return true;
    if (type === undefined) return false;
    const wanted = types.includes(type);
    return entries.every((entry) => hasNodes(entry, member) === wanted);
  };
}

/** bdl-7: fullUrl and resource.meta.versionId together are unique among entries with a fullUrl, unless a history. */
const uniqueFullUrls: NativeForm = (focus) => {
  const type = bundleType(focus);
  if (type === null || !isPlainObject(focus)) return undefined;
  if (type === 'history') return true;
  const entries = plainObjects(focus, 'entry');
  if (entries === undefined) return undefined;
  const seen = new Set<string>();
  let count = 0;
  for (const entry of entries) {
    if (!hasNodes(entry, 'fullUrl')) continue;
    const fullUrl = plainString(entry, 'fullUrl');
    const version = versionIdOf(entry);
    if (typeof fullUrl !== 'string' || version === null) return undefined;
    seen.add(`${fullUrl}${version ?? ''}`);
    count++;
  }
  return seen.size === count;
};

function versionIdOf(entry: JsonObject): string | undefined | null {
  const resources = plainObjects(entry, 'resource');
  if (resources === undefined || resources.length > 1) return null;
  const [resource] = resources;
  if (resource === undefined) return undefined;
  const metas = plainObjects(resource, 'meta');
  if (metas === undefined || metas.length > 1) return null;
  const [meta] = metas;
  return meta === undefined ? undefined : plainString(meta, 'versionId');
}

/** bdl-8: a fullUrl has no version ('/_history/'). */
const unversionedFullUrl: NativeForm = (focus) => {
  if (!isPlainObject(focus)) return undefined;
  const fullUrl = plainString(focus, 'fullUrl');
  if (fullUrl === null) return undefined;
  return fullUrl === undefined || !fullUrl.includes('/_history/');
};

const entryHasContent: NativeForm = (focus) =>
  isPlainObject(focus) ? hasNodes(focus, 'resource') || hasNodes(focus, 'request') || hasNodes(focus, 'response') : undefined;

/** bdl-1: a total only in a search or history. */
const totalOnlyInSearch: NativeForm = (focus) => {
  const type = bundleType(focus);
  if (type === null || !isPlainObject(focus)) return undefined;
  return !hasNodes(focus, 'total') || type === 'searchset' || type === 'history';
};

/** bdl-2: entry.search only in a search. */
const searchOnlyInSearchset: NativeForm = (focus) => {
  const type = bundleType(focus);
  if (type === null || !isPlainObject(focus)) return undefined;
  const entries = plainObjects(focus, 'entry');
  if (entries === undefined) return undefined;
  return !entries.some((entry) => hasNodes(entry, 'search')) || type === 'searchset';
};

/** bdl-9: a document has an identifier with a system and a value. */
const documentIdentified: NativeForm = (focus) => {
  const type = bundleType(focus);
  if (type === null || !isPlainObject(focus)) return undefined;
  if (type !== undefined && type !== 'document') return true;
  const identifiers = plainObjects(focus, 'identifier');
  if (identifiers === undefined) return undefined;
  return identifiers.some((i) => hasNodes(i, 'system')) && identifiers.some((i) => hasNodes(i, 'value'));
};

/** bdl-11 and bdl-12: a Bundle of `type` starts with a `resourceType` resource. */
function firstEntryIs(type: string, resourceType: string): NativeForm {
  return (focus) => {
    const actual = bundleType(focus);
    if (actual === null || !isPlainObject(focus)) return undefined;
    if (actual !== undefined && actual !== type) return true;
    const entries = plainObjects(focus, 'entry');
    if (entries === undefined) return undefined;
    const [first] = entries;
    if (first === undefined) return false;
    const resources = plainObjects(first, 'resource');
    if (resources === undefined || resources.length > 1) return undefined;
    const [resource] = resources;
    if (resource === undefined) return false;
    // fhirpath.js types a resource by its resourceType; without one only fhirpath.js can say what it is.
    return typeof resource.resourceType === 'string' ? resource.resourceType === resourceType : undefined;
  };
}

export const bundleInvariants: readonly NativeInvariant[] = [
  { key: 'bdl-1', expression: "total.empty() or (type = 'searchset') or (type = 'history')", evaluate: totalOnlyInSearch },
  { key: 'bdl-2', expression: "entry.search.empty() or (type = 'searchset')", evaluate: searchOnlyInSearchset },
  {
    key: 'bdl-3',
    expression: "entry.all(request.exists() = (%resource.type = 'batch' or %resource.type = 'transaction' or %resource.type = 'history'))",
    evaluate: entriesHaveWhen('request', ['batch', 'transaction', 'history']),
  },
  {
    key: 'bdl-4',
    expression: "entry.all(response.exists() = (%resource.type = 'batch-response' or %resource.type = 'transaction-response' or %resource.type = 'history'))",
    evaluate: entriesHaveWhen('response', ['batch-response', 'transaction-response', 'history']),
  },
  { key: 'bdl-5', expression: 'resource.exists() or request.exists() or response.exists()', evaluate: entryHasContent },
  { key: 'bdl-7', expression: "(type = 'history') or entry.where(fullUrl.exists()).select(fullUrl&resource.meta.versionId).isDistinct()", evaluate: uniqueFullUrls },
  { key: 'bdl-8', expression: "fullUrl.contains('/_history/').not()", evaluate: unversionedFullUrl },
  { key: 'bdl-11', expression: "type = 'document' implies entry.first().resource.is(Composition)", evaluate: firstEntryIs('document', 'Composition') },
  { key: 'bdl-12', expression: "type = 'message' implies entry.first().resource.is(MessageHeader)", evaluate: firstEntryIs('message', 'MessageHeader') },
  { key: 'bdl-9', expression: "type = 'document' implies (identifier.system.exists() and identifier.value.exists())", evaluate: documentIdentified },
];
