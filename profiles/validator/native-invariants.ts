import { bundleInvariants } from './native-bundle-invariants.js';
import { definitionInvariants, distinct } from './native-definition-invariants.js';
import { elementDefinitionInvariants } from './native-element-definition-invariants.js';
import { childModelPlace, choiceHasNodes, hasNodes, isPlainObject, plainItems, plainObjects, plainString, type JsonObject, type ModelPlace } from './fhirpath-shape.js';

/**
 * Native forms of R4 core invariants that run on almost every element or reach across whole resources. A
 * validator compiles each constraint once; for these fixed, published expressions the compiled form is
 * hand-written. Each is keyed by its constraint key AND the exact R4 expression, so a profile that changes an
 * expression gets fhirpath.js. A native form gives the verdict the validator reads from fhirpath.js's result
 * (see isTrue in invariants.ts), or undefined where the JSON is unusual enough (companions, nulls, bare choice
 * names, wrong JSON types) that fhirpath.js is asked instead. test/profiles/validator/native-invariants.test.ts
 * evaluates both side by side on every element of the R4 and UK Core examples and on edge cases.
 */

/** What a native form sees besides its focus: %resource, %rootResource and htmlChecks(). */
export interface NativeScope {
  readonly resource: JsonObject;
  readonly rootResource: JsonObject;
  htmlChecks(div: string): boolean;
}

export type NativeForm = (focus: unknown, scope: NativeScope) => boolean | undefined;

export interface NativeInvariant {
  readonly key: string;
  /** The expression exactly as R4 core (hl7.fhir.r4.core 4.0.1) publishes it. */
  readonly expression: string;
  readonly evaluate: NativeForm;
  /**
   * Checked where the walk meets every element (ele-1 and ext-1 in validateComplex, ele-1 of primitives in
   * validatePrimitiveItem) rather than where the constraint is listed.
   */
  readonly structural?: true;
}

/**
 * ele-1 on an element: a primitive with a value, or any child besides id. `defines` says whether the
 * element's definition has a member of that name: one it does not (a bare choice name, resourceType) may read
 * differently to fhirpath.js, which then decides.
 */
export function eleOne(focus: unknown, defines?: (name: string) => boolean): boolean | undefined {
  if (!isPlainObject(focus)) return focus !== undefined && focus !== null && !Array.isArray(focus) ? true : undefined;
  if (defines === undefined) return undefined;
  for (const key in focus) {
    const name = key.startsWith('_') ? key.slice(1) : key;
    if (!defines(name)) return undefined;
    if (name !== 'id' && hasNodes(focus, name)) return true;
  }
  return false;
}

/** ext-1 on an extension: extensions or a value[x], not both (the first value[x] fhirpath.js finds decides). */
export function extOne(focus: unknown): boolean | undefined {
  if (!isPlainObject(focus)) return undefined;
  return hasNodes(focus, 'extension') !== choiceHasNodes(focus, 'Extension', 'value');
}

/** Each contained resource's items of member `name` are all empty (dom-2, dom-4, dom-5). */
function containedWithout(focus: unknown, read: (contained: JsonObject) => boolean | undefined): boolean | undefined {
  if (!isPlainObject(focus)) return undefined;
  const contained = plainObjects(focus, 'contained');
  if (contained === undefined) return undefined;
  for (const resource of contained) {
    const found = read(resource);
    if (found !== false) return found === undefined ? undefined : false;
  }
  return true;
}

function metaHas(resource: JsonObject, names: readonly string[]): boolean | undefined {
  const metas = plainObjects(resource, 'meta');
  if (metas === undefined) return undefined;
  return metas.some((meta) => names.some((name) => hasNodes(meta, name)));
}

const domTwo: NativeForm = (focus) => containedWithout(focus, (resource) => hasNodes(resource, 'contained'));
const domFour: NativeForm = (focus) => containedWithout(focus, (resource) => metaHas(resource, ['versionId', 'lastUpdated']));
const domFive: NativeForm = (focus) => containedWithout(focus, (resource) => metaHas(resource, ['security']));

const domSix: NativeForm = (focus) => {
  if (!isPlainObject(focus)) return undefined;
  const texts = plainItems(focus, 'text');
  if (texts === undefined || texts.length > 1) return undefined;
  const [text] = texts;
  if (text === undefined) return false;
  return isPlainObject(text) ? hasNodes(text, 'div') : undefined;
};

/**
 * The strings that start with '#' in a resource, as dom-3 reads them: `reference` members of its descendants
 * (what `%resource.descendants().reference` gives), those the R4 model types canonical, uri or url (what
 * `.as(canonical)`, `.as(uri)` and `.as(url)` keep), and those whose type only fhirpath.js can say. Walked as
 * fhirpath.js's children() walks: nothing under a bare choice name, companions (`_name`) under their
 * primitive. Undefined when the JSON has shapes the walk does not mirror (nested arrays, companions of complex
 * values, a repeated reference).
 */
interface HashStrings {
  readonly references: Set<string>;
  readonly canonicals: Set<string>;
  readonly uris: Set<string>;
  readonly untyped: Set<string>;
}

const uriTypes: ReadonlySet<string> = new Set(['canonical', 'uri', 'url']);
/** Types FHIRPath's ofType(uri) may or may not keep (subtypes of uri), and unknown ones: fhirpath.js decides. */
const openTypes: ReadonlySet<string> = new Set(['oid', 'uuid']);

function addHashString(value: string, place: ModelPlace, depth: number, key: string, found: HashStrings): void {
  if (key === 'reference' && depth >= 2) found.references.add(value);
  const type = place.type;
  if (type === undefined || openTypes.has(type)) found.untyped.add(value);
  else if (uriTypes.has(type)) (type === 'canonical' ? found.canonicals : found.uris).add(value);
}

/** Each item of a JSON array walked, as children() walks one; nested arrays are a shape the walks do not mirror. */
function everyItem(items: readonly unknown[], walk: (item: unknown) => boolean): boolean {
  for (const item of items) if (Array.isArray(item) || !walk(item)) return false;
  return true;
}

/** The model path fhirpath.js types an object's members from: its resourceType, else its place; undefined for a resourceType that is no string. */
function nodePath(obj: JsonObject, place: ModelPlace): string | undefined {
  const type = obj.resourceType;
  if (type !== undefined && typeof type !== 'string') return undefined;
  return type !== undefined && type !== '' ? type : place.path;
}

function collectHashStrings(value: unknown, place: ModelPlace, depth: number, key: string, found: HashStrings, companion = false): boolean {
  if (typeof value === 'string') {
    // A companion's own value is no node's value.
    if (!companion && value.startsWith('#')) addHashString(value, place, depth, key, found);
    return true;
  }
  if (Array.isArray(value)) return key !== 'reference' && everyItem(value, (item) => collectHashStrings(item, place, depth, key, found, companion));
  if (!isPlainObject(value)) return true;
  const here = nodePath(value, place);
  if (here === undefined) return false;
  for (const member in value) {
    if (member === 'resourceType') continue;
    const isCompanion = member.startsWith('_');
    const name = isCompanion ? member.slice(1) : member;
    // A companion's content hangs under its primitive; under a complex value fhirpath.js does not read it.
    const primitive = value[name];
    if (isCompanion && (isPlainObject(primitive) || (Array.isArray(primitive) && primitive.some(isPlainObject)))) return false;
    const child = childModelPlace(here, name);
    if (child === undefined) continue;
    if (!collectHashStrings(value[member], child, depth + 1, isCompanion ? '' : member, found, isCompanion)) return false;
  }
  return true;
}

function hashStrings(value: JsonObject): HashStrings | undefined {
  const found: HashStrings = { references: new Set(), canonicals: new Set(), uris: new Set(), untyped: new Set() };
  return collectHashStrings(value, { path: '', type: undefined }, 0, '', found) ? found : undefined;
}

/** dom-3: every contained resource is referenced from elsewhere in the resource, or refers to its container ('#'). */
const domThree: NativeForm = (focus, scope) => {
  if (!isPlainObject(focus)) return undefined;
  const contained = plainObjects(focus, 'contained');
  if (contained === undefined) return undefined;
  if (contained.length === 0) return true;
  const inResource = hashStrings(scope.resource);
  if (inResource === undefined) return undefined;
  for (const resource of contained) {
    const ids = plainItems(resource, 'id');
    if (ids === undefined || ids.length > 1) return undefined;
    const [id] = ids;
    // '#' + an absent id is empty, so the where() criterion is empty and the resource is never unmatched.
    if (id === undefined) continue;
    if (typeof id !== 'string') return undefined;
    const target = `#${id}`;
    if (inResource.references.has(target) || inResource.canonicals.has(target) || inResource.uris.has(target)) continue;
    if (inResource.untyped.has(target)) return undefined;
    const inContained = hashStrings(resource);
    if (inContained === undefined) return undefined;
    if (inContained.references.has('#') || inContained.canonicals.has('#')) continue;
    if (inContained.untyped.has('#')) return undefined;
    return false;
  }
  return true;
};

/** ref-1: a local reference ('#id') names a resource contained in the root resource. */
const refOne: NativeForm = (focus, scope) => {
  if (!isPlainObject(focus)) return undefined;
  const references = plainItems(focus, 'reference');
  if (references === undefined || references.length > 1) return undefined;
  const [reference] = references;
  if (reference === undefined) return true;
  if (typeof reference !== 'string') return undefined;
  if (!reference.startsWith('#')) return true;
  const contained = plainObjects(scope.rootResource, 'contained');
  if (contained === undefined) return undefined;
  const wanted = reference.substring(1);
  for (const resource of contained) {
    const ids = plainItems(resource, 'id');
    if (ids === undefined) return undefined;
    for (const id of ids) {
      if (typeof id !== 'string') return undefined;
      if (id === wanted) return true;
    }
  }
  return false;
};

/** The string `code` of each coding of a CodeableConcept's `coding`; undefined when fhirpath.js must decide. */
function codingCodes(concepts: readonly JsonObject[]): string[] | undefined {
  const codes: string[] = [];
  for (const concept of concepts) {
    const codings = plainObjects(concept, 'coding');
    if (codings === undefined) return undefined;
    for (const coding of codings) {
      const code = plainString(coding, 'code');
      // Codings without a code may still be equal as wholes: fhirpath.js decides.
      if (typeof code !== 'string') return undefined;
      codes.push(code);
    }
  }
  return codes;
}

/**
 * obs-7: with a value, no component repeats a coding of the Observation's code. Answered here only when no
 * component coding shares a code with the Observation's (codings with different codes are never equal);
 * otherwise fhirpath.js compares the codings whole.
 */
const obsSeven: NativeForm = (focus, scope) => {
  if (!isPlainObject(focus)) return undefined;
  if (!choiceHasNodes(focus, 'Observation', 'value')) return true;
  const components = plainObjects(focus, 'component');
  const ownCodes = plainObjects(scope.resource, 'code');
  if (components === undefined || ownCodes === undefined) return undefined;
  const componentConcepts: JsonObject[] = [];
  for (const component of components) {
    const concepts = plainObjects(component, 'code');
    if (concepts === undefined) return undefined;
    componentConcepts.push(...concepts);
  }
  const own = codingCodes(ownCodes);
  const theirs = codingCodes(componentConcepts);
  if (own === undefined || theirs === undefined) return undefined;
  const ownSet = new Set(own);
  return theirs.some((code) => ownSet.has(code)) ? undefined : true;
};

/**
 * The values of member `name` on every node under a value (fhirpath.js's descendants().name), walked as
 * children() walks (see collectHashStrings); false when the JSON has shapes the walk does not mirror.
 */
function collectDescendantMember(value: unknown, place: ModelPlace, name: string, found: unknown[]): boolean {
  if (Array.isArray(value)) return everyItem(value, (item) => collectDescendantMember(item, place, name, found));
  if (!isPlainObject(value)) return true;
  const here = nodePath(value, place);
  if (here === undefined) return false;
  for (const member in value) {
    if (member === 'resourceType') continue;
    if (member.startsWith('_')) {
      if (member === `_${name}`) return false;
      continue;
    }
    const child = childModelPlace(here, member);
    if (child === undefined) continue;
    const items = plainItems(value, member);
    if (items === undefined) return false;
    for (const item of items) {
      if (!isPlainObject(item)) continue;
      const own = plainItems(item, name);
      if (own === undefined) return false;
      found.push(...own);
      if (!collectDescendantMember(item, child, name, found)) return false;
    }
  }
  return true;
}

/** que-2: every linkId in a Questionnaire, at any depth, is unique. */
const queTwo: NativeForm = (focus) => {
  if (!isPlainObject(focus) || typeof focus.resourceType !== 'string') return undefined;
  const linkIds: unknown[] = [];
  if (!collectDescendantMember(focus, { path: focus.resourceType, type: undefined }, 'linkId', linkIds)) return undefined;
  return linkIds.every((id): id is string => typeof id === 'string') ? distinct(linkIds) : undefined;
};

/** txt-1 and txt-2 are both htmlChecks() in R4. */
const htmlChecks: NativeForm = (focus, scope) => (typeof focus === 'string' ? scope.htmlChecks(focus) : undefined);

const r4Invariants: readonly NativeInvariant[] = [
  // Of an object, only the walk can say which members its definition has (checkStructuralInvariants).
  { key: 'ele-1', expression: 'hasValue() or (children().count() > id.count())', evaluate: (focus) => eleOne(focus), structural: true },
  { key: 'ext-1', expression: 'extension.exists() != value.exists()', evaluate: extOne, structural: true },
  { key: 'dom-2', expression: 'contained.contained.empty()', evaluate: domTwo },
  {
    key: 'dom-3',
    expression:
      "contained.where((('#'+id in (%resource.descendants().reference | %resource.descendants().as(canonical) | %resource.descendants().as(uri) | %resource.descendants().as(url))) or descendants().where(reference = '#').exists() or descendants().where(as(canonical) = '#').exists() or descendants().where(as(canonical) = '#').exists()).not()).trace('unmatched', id).empty()",
    evaluate: domThree,
  },
  { key: 'dom-4', expression: 'contained.meta.versionId.empty() and contained.meta.lastUpdated.empty()', evaluate: domFour },
  { key: 'dom-5', expression: 'contained.meta.security.empty()', evaluate: domFive },
  { key: 'dom-6', expression: 'text.`div`.exists()', evaluate: domSix },
  { key: 'ref-1', expression: "reference.startsWith('#').not() or (reference.substring(1).trace('url') in %rootResource.contained.id.trace('ids'))", evaluate: refOne },
  { key: 'txt-1', expression: 'htmlChecks()', evaluate: htmlChecks },
  { key: 'txt-2', expression: 'htmlChecks()', evaluate: htmlChecks },
  { key: 'obs-7', expression: 'value.empty() or component.code.where(coding.intersect(%resource.code.coding).exists()).empty()', evaluate: obsSeven },
  { key: 'que-2', expression: 'descendants().linkId.isDistinct()', evaluate: queTwo },
  ...bundleInvariants,
  ...definitionInvariants,
  ...elementDefinitionInvariants,
];

/** The fast-path table, by key then exact expression. */
const byKey = new Map(r4Invariants.map((invariant) => [invariant.key, invariant]));

/** The native form of a constraint, when it is one of R4's with exactly R4's expression. */
export function nativeInvariant(key: string, expression: string): NativeInvariant | undefined {
  const native = byKey.get(key);
  return native !== undefined && native.expression === expression ? native : undefined;
}

/** Every native form (for the equivalence test and the documentation). */
export const nativeInvariants: readonly NativeInvariant[] = r4Invariants;
