import { collectChildren, type Item } from './children.js';
import { checkCardinality } from './cardinality.js';
import type { ResourceFrame, Run } from './context.js';
import { checkElementRules } from './element-rules.js';
import { extensionStructure } from './extensions.js';
import { isJsonObject, isPrimitiveType } from './fhir-types.js';
import { checkInvariants, checkStructuralInvariants } from './invariants.js';
import type { Where } from './issues.js';
import { checkPrimitive } from './primitives.js';
import { validateNestedResource } from './resource.js';
import { validateSliced } from './slicing.js';
import type { CompiledStructure, ElementNode } from './structure.js';

/** The element whose children are being walked: what an extension's context is checked against. */
export interface Host {
  /** Its path within the resource, without indexes (`Patient.contact.name`). */
  readonly defPath: string;
  /** Its path in the definition that describes it (a profile's `Patient.telecom.system`, or `HumanName.given`). */
  readonly nodePath: string;
  /** Its path from the nearest datatype (`ContactPoint.system`), or from the resource outside datatypes. */
  readonly typePath: string;
  readonly type: string | undefined;
  /** When the host is an extension, its url (the context of its nested extensions). */
  readonly extensionUrl: string | undefined;
  /** Where its definition comes from (ElementDefinition.base.path: `DomainResource.text` for Patient.text). */
  readonly basePath: string | undefined;
  /** The host's own JSON value, for FHIRPath extension contexts. */
  readonly value: unknown;
}

/** Where the walk is: the resource, the definition applied, and the element whose children are walked. */
export interface Visit {
  readonly run: Run;
  readonly frame: ResourceFrame;
  readonly structure: CompiledStructure;
  readonly host: Host;
}

const noItems: readonly Item[] = Object.freeze([]);

/** Validates the children of an object against `owner`'s children: properties, cardinality, slices, then each item. */
export function validateChildren(visit: Visit, obj: Record<string, unknown>, owner: ElementNode, path: Where, isResourceRoot: boolean): void {
  const { findings } = visit.run;
  const groups = collectChildren(obj, owner, path, findings, isResourceRoot);
  // Indexed loops: this runs for every object of every resource, and for...of left iterators to collect.
  const children = owner.children;
  for (let c = 0; c < children.length; c++) {
    const child = children[c] as ElementNode;
    const items = groups.get(child) ?? noItems;
    if (child.slicing !== undefined && child.slices.length > 0) {
      validateSliced(visit, items, child, path);
      continue;
    }
    checkCardinality(findings, child, items.length, path, visit.structure);
    for (let i = 0; i < items.length; i++) validateItem(visit, items[i] as Item, child);
  }
}

/**
 * The visit of one item, which is also the host of its children (one object per item, not two); the paths
 * only extension contexts read are worked out when read.
 */
class ItemVisit implements Visit, Host {
  readonly run: Run;
  readonly frame: ResourceFrame;
  readonly structure: CompiledStructure;
  readonly host: Host;
  readonly #parent: Visit;
  readonly #node: ElementNode;
  #defPath: string | undefined;
  #typePath: string | undefined;

  constructor(
    parent: Visit,
    node: ElementNode,
    readonly type: string | undefined,
    readonly extensionUrl: string | undefined,
    readonly value: unknown,
  ) {
    this.run = parent.run;
    this.frame = parent.frame;
    this.structure = parent.structure;
    // An own property, so a copy of the visit with another structure ({ ...visit, structure }) keeps its host.
    this.host = this;
    this.#parent = parent;
    this.#node = node;
  }

  get defPath(): string {
    return (this.#defPath ??= `${this.#parent.host.defPath}.${this.#node.name}`);
  }

  get nodePath(): string {
    return effectiveNode(this.#parent, this.#node).path;
  }

  get typePath(): string {
    if (this.#typePath === undefined) {
      const parent = this.#parent.host;
      const fromType = parent.type !== undefined && parent.type !== 'BackboneElement' && parent.type !== 'Element';
      this.#typePath = `${fromType ? parent.type : parent.typePath}.${this.#node.name}`;
    }
    return this.#typePath;
  }

  get basePath(): string | undefined {
    return this.#node.definition.base?.path;
  }
}

/** Validates one occurrence of an element (a child of `parent`'s host) against its definition `node`. */
export function validateItem(parent: Visit, item: Item, node: ElementNode): void {
  const { run } = parent;
  const type = itemType(parent, item, node);
  if (type !== undefined && isPrimitiveType(type)) {
    // A primitive hosts children only through its `_name` companion; without one nothing reads the host, and
    // the parent's visit (same resource, same definition) serves: most items are primitives.
    const visit = item.extra === undefined ? parent : new ItemVisit(parent, node, type, undefined, item.value);
    validatePrimitiveItem(visit, item, type);
    checkElementRules(visit, item, node, type);
  } else if (type !== undefined && run.engine.structures.isResourceType(type)) {
    validateNestedResource(parent, item, node);
  } else if (!isJsonObject(item.value)) {
    run.findings.error('structure', item.path, `This property must be an Object, not ${item.value === undefined ? 'missing' : Array.isArray(item.value) ? 'an array' : 'a primitive'}`);
  } else {
    const extensionUrl = type === 'Extension' && typeof item.value.url === 'string' ? item.value.url : undefined;
    const visit = new ItemVisit(parent, node, type, extensionUrl, item.value);
    validateComplexItem(parent, visit, item.value, node, type, item);
    checkElementRules(visit, item, node, type);
  }
}

function validatePrimitiveItem(visit: Visit, item: Item, type: string): void {
  const { run } = visit;
  if (item.value !== undefined) checkPrimitive(type, item.value, item, run.findings, run.engine.structures);
  if (item.extra !== undefined) {
    if (!isJsonObject(item.extra)) {
      run.findings.error('structure', item.path, 'The _ companion of a primitive must be an object with id and extension');
    } else {
      const typeStructure = run.engine.structures.forType(type);
      if ('value' in item.extra) run.findings.error('structure', `${item.path}.value`, `Unrecognized property 'value'`);
      if (typeStructure !== undefined) {
        const { value: _ignored, ...rest } = item.extra;
        validateChildren({ ...visit, structure: typeStructure }, rest, typeStructure.root, item, false);
      }
    }
  }
  const hasExtension = isJsonObject(item.extra) && Array.isArray(item.extra.extension) && item.extra.extension.length > 0;
  if (item.value === undefined && !hasExtension) {
    run.findings.error('required', item.path, 'Primitive types must have a value or must have child extensions (ele-1)');
  }
}

/** The type of an item: named by its JSON property, the element's only type, or (Resource) its resourceType. */
function itemType(visit: Visit, item: Item, node: ElementNode): string | undefined {
  if (item.type !== undefined) return item.type;
  const types = effectiveNode(visit, node).types;
  if (types.length === 1) return types[0]?.code;
  if (types.length === 0) return undefined;
  const value = item.value;
  if (isJsonObject(value) && typeof value.resourceType === 'string') return value.resourceType;
  return types[0]?.code;
}

/** For a contentReference element, the element it refers to (whose types and children it shares). */
export function effectiveNode(visit: Visit, node: ElementNode): ElementNode {
  if (node.contentReference === undefined) return node;
  return (
    visit.structure.element(node.contentReference) ??
    visit.run.engine.structures.forType(visit.frame.type)?.element(node.contentReference) ??
    node
  );
}

/**
 * A complex value: validated against the profiles its type names, else (extensions) the definition its url
 * resolves to, else the children the snapshot gives, else its type's own definition.
 */
function validateComplexItem(parent: Visit, visit: Visit, obj: Record<string, unknown>, node: ElementNode, type: string | undefined, path: Where): void {
  const { run } = visit;
  const target = effectiveNode(visit, node);
  const elementType = type === undefined ? undefined : target.types.find((t) => t.code === type);
  const profiles = elementType?.profiles ?? [];
  const structures = run.engine.structures;
  if (profiles.length > 0) {
    validateAgainstProfiles(visit, obj, profiles, elementType?.profileElements ?? new Map<string, string>(), path);
    if (target.children.length > 0) validateComplex(visit, obj, target, path);
    return;
  }
  if (type === 'Extension' && target.children.length === 0) {
    const resolved = extensionStructure(parent, obj, node, path);
    if (resolved !== undefined) {
      validateComplex({ ...visit, structure: resolved }, obj, resolved.root, path);
      return;
    }
  }
  if (target.children.length > 0) {
    // A choice of several types can only unroll what they share (id, extension); the rest comes from the type.
    const typeRoot = target.types.length > 1 && type !== undefined ? structures.forType(type)?.root : undefined;
    validateComplex(visit, obj, typeRoot === undefined ? target : structures.merged(target, typeRoot), path);
    if (type !== undefined) checkTypeInvariants(visit, obj, target, type, path);
    return;
  }
  const typeStructure = type === undefined ? undefined : structures.forType(type);
  if (typeStructure === undefined) {
    run.findings.error('not-supported', path, `The type ${type ?? '(none)'} of ${node.path} has no definition loaded, so this element was not validated`);
    return;
  }
  validateComplex({ ...visit, structure: typeStructure }, obj, typeStructure.root, path);
}

/** A complex object against an owner's children, with the native element rules (ele-1, ext-1) and the owner's invariants. */
export function validateComplex(visit: Visit, obj: Record<string, unknown>, owner: ElementNode, path: Where): void {
  checkStructuralInvariants(visit, obj, owner, path);
  validateChildren(visit, obj, owner, path, false);
  if (owner === visit.structure.root) checkInvariants(visit, owner.constraints, obj, owner, path);
}

/** A datatype's own invariants (qty-3, per-1, …) where a profile unrolled the element so its root was not visited. */
function checkTypeInvariants(visit: Visit, obj: Record<string, unknown>, node: ElementNode, type: string, path: Where): void {
  const typeStructure = visit.run.engine.structures.forType(type);
  if (typeStructure === undefined || typeStructure.root === node) return;
  const missing = visit.run.engine.structures.constraintsNotOn(node, typeStructure.root);
  if (missing.length > 0) checkInvariants({ ...visit, structure: typeStructure }, missing, obj, typeStructure.root, path);
}

/**
 * Validates against the type's profiles (or the element of one that it names): one must match when several
 * are allowed.
 */
function validateAgainstProfiles(visit: Visit, obj: Record<string, unknown>, profiles: readonly string[], elements: ReadonlyMap<string, string>, path: Where): void {
  const { run } = visit;
  const known: { url: string; structure: CompiledStructure; owner: ElementNode }[] = [];
  for (const url of profiles) {
    const structure = run.engine.structures.get(url);
    const elementId = elements.get(url);
    const owner = elementId === undefined ? structure?.root : structure?.element(elementId);
    if (structure === undefined || owner === undefined) {
      run.findings.warning('not-found', path, `Profile ${url}${elementId === undefined ? '' : ` (element ${elementId})`} could not be found, so this element was not checked against it`);
    } else {
      known.push({ url, structure, owner });
    }
  }
  const [only] = known;
  if (known.length === 1 && only !== undefined) {
    validateAgainstOwner({ ...visit, structure: only.structure }, obj, only.owner, path);
    return;
  }
  for (const candidate of known) {
    if (conformsTo(visit, obj, candidate.structure, path, candidate.owner)) {
      validateAgainstOwner({ ...visit, structure: candidate.structure }, obj, candidate.owner, path);
      return;
    }
  }
  if (known.length > 0) run.findings.error('structure', path, `Unable to find a profile match among choices: ${known.map((k) => k.url).join(', ')}`);
}

/** A structure's root, or one of its elements with its own invariants (which only a root's validateComplex runs). */
function validateAgainstOwner(visit: Visit, obj: Record<string, unknown>, owner: ElementNode, path: Where): void {
  validateComplex(visit, obj, owner, path);
  if (owner !== visit.structure.root) checkInvariants(visit, owner.constraints, obj, owner, path);
}

/** Whether a complex value conforms to a structure (or one of its elements), without reporting anything. */
export function conformsTo(visit: Visit, obj: Record<string, unknown>, structure: CompiledStructure, path: Where, owner: ElementNode = structure.root): boolean {
  const scratch = visit.run.findings.scratch();
  const probe = { ...visit, structure, run: { ...visit.run, findings: scratch, codeChecks: [] } };
  validateAgainstOwner(probe, obj, owner, path);
  return !scratch.hasErrors;
}

export type { Item };
