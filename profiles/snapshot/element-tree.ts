import type { ElementDefinition } from 'fhir/r4.js';

/**
 * A list of ElementDefinitions (a snapshot or a differential) as the tree it encodes: each element with its
 * children and, after them, its slices (FHIR orders a snapshot as element, its children, then each slice with
 * its own children). Snapshot generation walks a base tree and a differential tree side by side.
 */
export interface ElementNode<E extends ElementDefinition | undefined = ElementDefinition> {
  /** The last segment of the element's path: `value[x]`, `extension`, or the type name at the root. */
  readonly name: string;
  /** The slice name (`nhsNumber`; `a/b` for a re-slice), undefined for the element itself. */
  readonly sliceName: string | undefined;
  /** Undefined in a differential tree when the differential names only descendants of this element. */
  readonly element: E;
  readonly children: ElementNode<E>[];
  readonly slices: ElementNode<E>[];
}

interface Segment {
  readonly name: string;
  readonly slice: string | undefined;
}

/** A problem with the element list itself, reported with the offending element. */
export class ElementListError extends Error {
  constructor(
    message: string,
    readonly element: ElementDefinition,
  ) {
    super(message);
  }
}

/**
 * Builds the tree of a snapshot or differential. Where an element's id agrees with its path the id says which
 * slice it belongs to; otherwise (older content without ids) the slice is inferred from the elements before it,
 * as FHIR's ordering rules allow. `implied` creates missing ancestors (a differential may name
 * `Patient.contact.extension:rank` alone); without it a missing ancestor is an error.
 */
export function elementTree(elements: readonly ElementDefinition[], implied: false): ElementNode;
export function elementTree(elements: readonly ElementDefinition[], implied: true): ElementNode<ElementDefinition | undefined>;
export function elementTree(
  elements: readonly ElementDefinition[],
  implied: boolean,
): ElementNode<ElementDefinition | undefined> {
  const nodes = new Map<string, ElementNode<ElementDefinition | undefined>>();
  let root: ElementNode<ElementDefinition | undefined> | undefined;
  const openSlices = new Map<string, string | undefined>();

  const nodeFor = (segments: readonly Segment[], element: ElementDefinition, at: ElementDefinition | undefined) => {
    const key = segmentKey(segments);
    const existing = nodes.get(key);
    if (existing !== undefined) {
      if (at !== undefined && existing.element !== undefined) {
        throw new ElementListError(`element ${describe(at)} appears more than once`, at);
      }
      if (at !== undefined) (existing as { element: ElementDefinition | undefined }).element = at;
      return existing;
    }
    const last = segments[segments.length - 1] as Segment;
    const node: ElementNode<ElementDefinition | undefined> = {
      name: last.name,
      sliceName: last.slice,
      element: at,
      children: [],
      slices: [],
    };
    nodes.set(key, node);
    if (segments.length === 1 && last.slice === undefined) {
      if (root !== undefined) throw new ElementListError(`element ${describe(element)} is a second root`, element);
      root = node;
      return node;
    }
    const parentSegments = parentOf(segments);
    const parent = nodes.get(segmentKey(parentSegments)) ?? (implied ? nodeFor(parentSegments, element, undefined) : undefined);
    if (parent === undefined) {
      throw new ElementListError(`element ${describe(element)} comes before (or without) its parent ${segmentKey(parentSegments)}`, element);
    }
    if (last.slice === undefined) parent.children.push(node);
    else parent.slices.push(node);
    return node;
  };

  for (const element of elements) {
    if (typeof element !== 'object' || element === null) throw new ElementListError('an element is not an object', { path: '' });
    if (typeof element.path !== 'string' || element.path === '') {
      throw new ElementListError(`element ${describe(element)} has no path`, element);
    }
    const segments = segmentsOf(element, openSlices);
    nodeFor(segments, element, element);
    for (const open of openSlices.keys()) if (open.startsWith(`${element.path}.`)) openSlices.delete(open);
    openSlices.set(element.path, element.sliceName);
  }
  if (root === undefined) throw new ElementListError('the element list has no root element', elements[0] ?? { path: '' });
  return root;
}

/** Every element of a tree in snapshot order, with `path` and `id` set from its place in the tree. */
export function flattenTree(root: ElementNode): ElementDefinition[] {
  const out: ElementDefinition[] = [];
  const visit = (node: ElementNode, parentPath: string | undefined, parentId: string | undefined) => {
    const path = parentPath === undefined ? node.name : `${parentPath}.${node.name}`;
    const unslicedId = parentId === undefined ? node.name : `${parentId}.${node.name}`;
    const id = node.sliceName === undefined ? unslicedId : `${unslicedId}:${node.sliceName}`;
    out.push({ ...node.element, id, path });
    for (const child of node.children) visit(child, path, id);
    for (const slice of node.slices) visit(slice, parentPath, parentId);
  };
  visit(root, undefined, undefined);
  return out;
}

/** `name` or `name:slice`, the id form of one segment. */
export function segmentKey(segments: readonly Segment[]): string {
  return segments.map((s) => (s.slice === undefined ? s.name : `${s.name}:${s.slice}`)).join('.');
}

function parentOf(segments: readonly Segment[]): Segment[] {
  const last = segments[segments.length - 1] as Segment;
  const before = segments.slice(0, -1);
  if (last.slice === undefined) return before;
  const slash = last.slice.lastIndexOf('/');
  return [...before, { name: last.name, slice: slash < 0 ? undefined : last.slice.slice(0, slash) }];
}

/** The segments of an element: names from its path, slices from its id when the id agrees with the path. */
function segmentsOf(element: ElementDefinition, openSlices: ReadonlyMap<string, string | undefined>): Segment[] {
  const names = element.path.split('.');
  const fromId = typeof element.id === 'string' ? idSegments(element.id) : undefined;
  if (
    fromId !== undefined &&
    fromId.length === names.length &&
    fromId.every((segment, i) => segment.name === names[i]) &&
    fromId[fromId.length - 1]?.slice === element.sliceName
  ) {
    return fromId;
  }
  return names.map((name, i) => ({
    name,
    slice: i === names.length - 1 ? element.sliceName : openSlices.get(names.slice(0, i + 1).join('.')),
  }));
}

function idSegments(id: string): Segment[] {
  return id.split('.').map((part) => {
    const colon = part.indexOf(':');
    return colon < 0 ? { name: part, slice: undefined } : { name: part.slice(0, colon), slice: part.slice(colon + 1) };
  });
}

function describe(element: ElementDefinition): string {
  return element.id ?? (element.sliceName === undefined ? element.path : `${element.path}:${element.sliceName}`);
}
