import { hasNodes, isPlainObject, plainItems, plainObjects, plainString, type JsonObject } from './fhirpath-shape.js';
import type { NativeForm, NativeInvariant } from './native-invariants.js';

/**
 * Native forms of R4's invariants on definitions (StructureDefinition, ElementDefinition, NamingSystem,
 * SearchParameter; see native-invariants.ts). Each StructureDefinition's rules read all its elements, and the
 * specification's own definitions are among what gets validated.
 *
 * FHIRPath's three-valued logic: a comparison with an absent value is empty, `{} or X` and `{} implies X` are
 * true only when X is true, `{} and X` only false when X is false; the validator reads empty as failed. The
 * string tests (startsWith, contains) answer false on an absent string (see fhirpath-functions.ts).
 */

/** A member's single string: undefined when absent, null when fhirpath.js must decide. */
export const text = plainString;

/** The strings of member `name` of each object (a flattened select()); undefined when fhirpath.js must decide. */
export function strings(objects: readonly JsonObject[], name: string): string[] | undefined {
  const found: string[] = [];
  for (const obj of objects) {
    const items = plainItems(obj, name);
    if (items === undefined) return undefined;
    for (const item of items) {
      if (typeof item !== 'string') return undefined;
      found.push(item);
    }
  }
  return found;
}

export function distinct(values: readonly string[]): boolean {
  return new Set(values).size === values.length;
}

/** The objects of `name` of each object (a flattened path step); undefined when fhirpath.js must decide. */
function step(objects: readonly JsonObject[], name: string): JsonObject[] | undefined {
  const found: JsonObject[] = [];
  for (const obj of objects) {
    const items = plainObjects(obj, name);
    if (items === undefined) return undefined;
    found.push(...items);
  }
  return found;
}

/** `snapshot.element` or `differential.element` of a StructureDefinition. */
function elementsOf(sd: JsonObject, part: 'snapshot' | 'differential'): JsonObject[] | undefined {
  const parts = plainObjects(sd, part);
  return parts === undefined ? undefined : step(parts, 'element');
}

/** Whether an element is a root by `path.contains('.').not()`: an absent path counts as one. */
function isRoot(element: JsonObject): boolean | undefined {
  const path = text(element, 'path');
  return path === null ? undefined : path === undefined || !path.includes('.');
}

/** `all(criterion)` over objects, with a criterion that may leave the verdict to fhirpath.js. */
function all(objects: readonly JsonObject[], criterion: (obj: JsonObject) => boolean | undefined): boolean | undefined {
  let verdict = true;
  for (const obj of objects) {
    const holds = criterion(obj);
    if (holds === undefined) return undefined;
    if (!holds) verdict = false;
  }
  return verdict;
}

export function onObject(form: (focus: JsonObject) => boolean | undefined): NativeForm {
  return (focus) => (isPlainObject(focus) ? form(focus) : undefined);
}

/** nsd-1: a root NamingSystem has no uuid. */
const rootWithoutUuid = onObject((system) => {
  const kind = text(system, 'kind');
  const ids = plainObjects(system, 'uniqueId');
  if (kind === null || ids === undefined) return undefined;
  if (kind !== undefined && kind !== 'root') return true;
  // kind absent: `{} or X` holds only when X does, as `false or X` does.
  return all(ids, (id) => {
    const type = text(id, 'type');
    return type === null ? undefined : type !== undefined && type !== 'uuid';
  });
});

/** nsd-2: one preferred id per type. */
const onePreferredPerType = onObject((system) => {
  const ids = plainObjects(system, 'uniqueId');
  if (ids === undefined) return undefined;
  const preferred: JsonObject[] = [];
  for (const id of ids) {
    const flags = plainItems(id, 'preferred');
    if (flags === undefined || flags.length > 1 || (flags.length === 1 && typeof flags[0] !== 'boolean')) return undefined;
    if (flags[0] === true) preferred.push(id);
  }
  const types = strings(preferred, 'type');
  return types === undefined ? undefined : distinct(types);
});

/** nsd-0, sdf-0, spd-0: `name.matches('[A-Z]([A-Za-z0-9_]){0,254}')`, a search anywhere in the name (fhirpath.js's flags). */
const computableName = onObject((resource) => {
  const name = text(resource, 'name');
  if (name === null) return undefined;
  return name !== undefined && /[A-Z]([A-Za-z0-9_]){0,254}/su.test(name);
});

/** The StructureDefinition's own elements through each of its children (children().element in sdf-9). */
function childElements(sd: JsonObject): JsonObject[] | undefined {
  const found: JsonObject[] = [];
  for (const key in sd) {
    if (key === 'resourceType') continue;
    const value = sd[key];
    if (key.startsWith('_')) {
      // A companion's members are read through its primitive.
      if (isPlainObject(value) && 'element' in value) return undefined;
      if (Array.isArray(value) && value.some((v) => isPlainObject(v) && 'element' in v)) return undefined;
      continue;
    }
    for (const item of Array.isArray(value) ? (value as unknown[]) : [value]) {
      if (!isPlainObject(item) || !('element' in item)) continue;
      const elements = plainObjects(item, 'element');
      if (elements === undefined) return undefined;
      found.push(...elements);
    }
  }
  return found;
}

/** sdf-9: no label, code or requirements on root elements. */
const plainRootElements = onObject((sd) => {
  const elements = childElements(sd);
  if (elements === undefined) return undefined;
  return all(elements, (element) => {
    const root = isRoot(element);
    if (root === undefined) return undefined;
    return !root || !['label', 'code', 'requirements'].some((name) => hasNodes(element, name));
  });
});

const differentialCode = /^[a-zA-Z0-9]+$/su;
const snapshotCode = /^[a-zA-Z0-9.]+$/su;
const systemCode = /^http:\/\/hl7\.org\/fhirpath\/System\.[A-Z][A-Za-z]+$/su;

/** sdf-19: core definitions use type names or FHIRPath system types as codes. */
const coreTypeCodes = onObject((sd) => {
  const url = text(sd, 'url');
  if (url === null) return undefined;
  if (url === undefined || !url.startsWith('http://hl7.org/fhir/StructureDefinition')) return true;
  const codesIn = (part: 'snapshot' | 'differential'): string[] | undefined => {
    const elements = elementsOf(sd, part);
    const types = elements === undefined ? undefined : step(elements, 'type');
    return types === undefined ? undefined : strings(types, 'code');
  };
  const differential = codesIn('differential');
  const snapshot = codesIn('snapshot');
  if (differential === undefined || snapshot === undefined) return undefined;
  return differential.every((c) => differentialCode.test(c) || systemCode.test(c)) && snapshot.every((c) => snapshotCode.test(c) || systemCode.test(c));
});

/** sdf-23: no slice name on a root element. */
const unslicedRoots = onObject((sd) => {
  const snapshot = elementsOf(sd, 'snapshot');
  const differential = elementsOf(sd, 'differential');
  if (snapshot === undefined || differential === undefined) return undefined;
  return all([...snapshot, ...differential], (element) => {
    const root = isRoot(element);
    return root === undefined ? undefined : !root || !hasNodes(element, 'sliceName');
  });
});

/** Each element after the first starts with `prefix` (an element without a path does not). */
function tailStartsWith(elements: readonly JsonObject[], prefix: string): boolean | undefined {
  return all(elements.slice(1), (element) => {
    const path = text(element, 'path');
    return path === null ? undefined : path !== undefined && path.startsWith(prefix);
  });
}

/** sdf-8: the snapshot's first element is the type, and every other element is under it. */
const snapshotUnderRoot: NativeForm = (focus, scope) => {
  if (!isPlainObject(focus)) return undefined;
  const kind = text(scope.resource, 'kind');
  const type = text(scope.resource, 'type');
  const elements = plainObjects(focus, 'element');
  const resourceSnapshot = elementsOf(scope.resource, 'snapshot');
  if (kind === null || type === null || elements === undefined || resourceSnapshot === undefined) return undefined;
  const first = elements[0] === undefined ? undefined : text(elements[0], 'path');
  const root = resourceSnapshot[0] === undefined ? undefined : text(resourceSnapshot[0], 'path');
  if (first === null || root === null) return undefined;
  const typed = kind === 'logical' || (first !== undefined && type !== undefined && first === type);
  const under = tailStartsWith(elements, `${root ?? ''}.`);
  return under === undefined ? undefined : typed && under;
};

/** sdf-8a: the differential's first element is in the type, and every other element under its first path segment. */
const differentialUnderRoot: NativeForm = (focus, scope) => {
  if (!isPlainObject(focus)) return undefined;
  const kind = text(scope.resource, 'kind');
  const type = text(scope.resource, 'type');
  const elements = plainObjects(focus, 'element');
  const resourceDifferential = elementsOf(scope.resource, 'differential');
  if (kind === null || type === null || elements === undefined || resourceDifferential === undefined) return undefined;
  const first = elements[0] === undefined ? undefined : text(elements[0], 'path');
  const root = resourceDifferential[0] === undefined ? undefined : text(resourceDifferential[0], 'path');
  if (first === null || root === null) return undefined;
  const typed = kind === 'logical' || (first !== undefined && type !== undefined && first.startsWith(type));
  if (elements.length <= 1) return typed;
  const under = tailStartsWith(elements, `${root === undefined ? '' : root.replace(/\..*/gu, '')}.`);
  return under === undefined ? undefined : typed && under;
};

/** sdf-3: every snapshot element has a definition, min and max. */
const completeSnapshot = onObject((snapshot) => {
  const elements = plainObjects(snapshot, 'element');
  return elements === undefined ? undefined : elements.every((e) => hasNodes(e, 'definition') && hasNodes(e, 'min') && hasNodes(e, 'max'));
});

/** sdf-16, sdf-17: every element of a part has an id, and the ids are unique. */
function identifiedElements(part: 'snapshot' | 'differential'): NativeForm {
  return onObject((sd) => {
    const elements = elementsOf(sd, part);
    const ids = elements === undefined ? undefined : strings(elements, 'id');
    if (elements === undefined || ids === undefined) return undefined;
    return elements.every((e) => hasNodes(e, 'id')) && distinct(ids);
  });
}

/** sdf-14: every element has an id. */
const elementIds = onObject((sd) => {
  const snapshot = elementsOf(sd, 'snapshot');
  const differential = elementsOf(sd, 'differential');
  if (snapshot === undefined || differential === undefined) return undefined;
  return snapshot.every((e) => hasNodes(e, 'id')) && differential.every((e) => hasNodes(e, 'id'));
});

/** sdf-1: element paths are unique in the snapshot unless a constraint. */
const uniquePaths = onObject((sd) => {
  const derivation = text(sd, 'derivation');
  const elements = elementsOf(sd, 'snapshot');
  const paths = elements === undefined ? undefined : strings(elements, 'path');
  if (derivation === null || paths === undefined) return undefined;
  return derivation === 'constraint' || distinct(paths);
});

/** sdf-8b: every snapshot element has a base. */
const snapshotBases = onObject((snapshot) => {
  const elements = plainObjects(snapshot, 'element');
  return elements === undefined ? undefined : elements.every((e) => hasNodes(e, 'base'));
});

/** sdf-20: no slicing on the differential's root elements. */
const unslicedDifferentialRoots = onObject((differential) => {
  const elements = plainObjects(differential, 'element');
  if (elements === undefined) return undefined;
  return all(elements, (element) => {
    const root = isRoot(element);
    return root === undefined ? undefined : !root || !hasNodes(element, 'slicing');
  });
});

/** The first element of a StructureDefinition's snapshot or differential: null when there is none, undefined when fhirpath.js must decide. */
function firstElement(sd: JsonObject, part: 'snapshot' | 'differential'): JsonObject | null | undefined {
  const elements = elementsOf(sd, part);
  return elements === undefined ? undefined : (elements[0] ?? null);
}

/** sdf-15: outside logical models the snapshot's root has no type. */
const untypedSnapshotRoot = onObject((sd) => {
  const kind = text(sd, 'kind');
  const first = firstElement(sd, 'snapshot');
  if (kind === null || first === undefined) return undefined;
  return kind === 'logical' || first === null || !hasNodes(first, 'type');
});

/** sdf-15a: outside logical models a differential whose first element is a root gives it no type. */
const untypedDifferentialRoot = onObject((sd) => {
  const kind = text(sd, 'kind');
  const first = firstElement(sd, 'differential');
  if (kind === null || first === undefined) return undefined;
  if (kind === 'logical' || first === null || !hasNodes(first, 'type')) return true;
  const root = isRoot(first);
  return root === undefined ? undefined : !root;
});

/** sdf-11: outside logical models the snapshot's first element is the type. */
const snapshotRootIsType = onObject((sd) => {
  const kind = text(sd, 'kind');
  const snapshots = plainObjects(sd, 'snapshot');
  const first = firstElement(sd, 'snapshot');
  const type = text(sd, 'type');
  if (kind === null || snapshots === undefined || first === undefined || type === null) return undefined;
  if (kind === 'logical' || snapshots.length === 0) return true;
  const path = first === null ? undefined : text(first, 'path');
  if (path === null) return undefined;
  return path !== undefined && path === type;
});

const matchesName = "name.matches('[A-Z]([A-Za-z0-9_]){0,254}')";

export const definitionInvariants: readonly NativeInvariant[] = [
  { key: 'nsd-0', expression: matchesName, evaluate: computableName },
  { key: 'nsd-1', expression: "kind != 'root' or uniqueId.all(type != 'uuid')", evaluate: rootWithoutUuid },
  { key: 'nsd-2', expression: 'uniqueId.where(preferred = true).select(type).isDistinct()', evaluate: onePreferredPerType },
  { key: 'spd-0', expression: matchesName, evaluate: computableName },
  { key: 'sdf-0', expression: matchesName, evaluate: computableName },
  { key: 'sdf-1', expression: "derivation = 'constraint' or snapshot.element.select(path).isDistinct()", evaluate: uniquePaths },
  { key: 'sdf-3', expression: 'element.all(definition.exists() and min.exists() and max.exists())', evaluate: completeSnapshot },
  {
    key: 'sdf-8',
    expression: "(%resource.kind = 'logical' or element.first().path = %resource.type) and element.tail().all(path.startsWith(%resource.snapshot.element.first().path&'.'))",
    evaluate: snapshotUnderRoot,
  },
  {
    key: 'sdf-8a',
    expression:
      "(%resource.kind = 'logical' or element.first().path.startsWith(%resource.type)) and (element.tail().empty() or element.tail().all(path.startsWith(%resource.differential.element.first().path.replaceMatches('\\\\..*','')&'.')))",
    evaluate: differentialUnderRoot,
  },
  {
    key: 'sdf-9',
    expression:
      "children().element.where(path.contains('.').not()).label.empty() and children().element.where(path.contains('.').not()).code.empty() and children().element.where(path.contains('.').not()).requirements.empty()",
    evaluate: plainRootElements,
  },
  { key: 'sdf-8b', expression: 'element.all(base.exists())', evaluate: snapshotBases },
  { key: 'sdf-11', expression: "kind != 'logical' implies snapshot.empty() or snapshot.element.first().path = type", evaluate: snapshotRootIsType },
  { key: 'sdf-15', expression: "kind!='logical' implies snapshot.element.first().type.empty()", evaluate: untypedSnapshotRoot },
  {
    key: 'sdf-15a',
    expression: "(kind!='logical'  and differential.element.first().path.contains('.').not()) implies differential.element.first().type.empty()",
    evaluate: untypedDifferentialRoot,
  },
  { key: 'sdf-20', expression: "element.where(path.contains('.').not()).slicing.empty()", evaluate: unslicedDifferentialRoots },
  { key: 'sdf-14', expression: 'snapshot.element.all(id.exists()) and differential.element.all(id.exists())', evaluate: elementIds },
  { key: 'sdf-16', expression: "snapshot.element.all(id.exists()) and snapshot.element.id.trace('ids').isDistinct()", evaluate: identifiedElements('snapshot') },
  { key: 'sdf-17', expression: "differential.element.all(id.exists()) and differential.element.id.trace('ids').isDistinct()", evaluate: identifiedElements('differential') },
  {
    key: 'sdf-19',
    expression:
      "url.startsWith('http://hl7.org/fhir/StructureDefinition') implies (differential.element.type.code.all(matches('^[a-zA-Z0-9]+$') or matches('^http:\\\\/\\\\/hl7\\\\.org\\\\/fhirpath\\\\/System\\\\.[A-Z][A-Za-z]+$')) and snapshot.element.type.code.all(matches('^[a-zA-Z0-9\\\\.]+$') or matches('^http:\\\\/\\\\/hl7\\\\.org\\\\/fhirpath\\\\/System\\\\.[A-Z][A-Za-z]+$')))",
    evaluate: coreTypeCodes,
  },
  { key: 'sdf-23', expression: '(snapshot | differential).element.all(path.contains(\'.\').not() implies sliceName.empty())', evaluate: unslicedRoots },
];
