import type { ElementDefinition, ElementDefinitionBinding, StructureDefinition } from 'fhir/r4.js';
import { choiceJsonName, fhirTypeCode, isPrimitiveType } from './fhir-types.js';

/** One allowed type of an element, with the profiles it must conform to. */
export interface ElementType {
  readonly code: string;
  readonly profiles: readonly string[];
  /** A profile that names one of its elements to use (elementdefinition-profile-element) → that element's id. */
  readonly profileElements: ReadonlyMap<string, string>;
  readonly targetProfiles: readonly string[];
  readonly aggregation: readonly string[];
}

export interface Discriminator {
  readonly type: 'value' | 'exists' | 'pattern' | 'type' | 'profile';
  readonly path: string;
}

export interface Slicing {
  readonly discriminators: readonly Discriminator[];
  readonly ordered: boolean;
  readonly rules: 'closed' | 'open' | 'openAtEnd';
}

export interface Constraint {
  readonly key: string;
  readonly severity: 'error' | 'warning';
  readonly human: string;
  readonly expression: string | undefined;
  /** The StructureDefinition that defined the constraint (ElementDefinition.constraint.source), if stated. */
  readonly source: string | undefined;
}

/** A JSON property name resolved to the element it populates, and the type a choice name selects. */
export interface PropertyTarget {
  readonly node: ElementNode;
  /** The type the JSON name selects (`valueQuantity` → Quantity); undefined when the element has several non-choice types. */
  readonly type: string | undefined;
  /** How a finding's path names it: the JSON name, or for a choice `value.ofType(Quantity)`. */
  readonly segment: string;
}

/** One element of a compiled snapshot: the definition plus its children and slices, as a tree. */
export interface ElementNode {
  readonly id: string;
  readonly path: string;
  /** The last path segment, e.g. `identifier` or `value[x]`. */
  readonly name: string;
  readonly choice: boolean;
  readonly min: number;
  /** Infinity for `*`. */
  readonly max: number;
  readonly types: readonly ElementType[];
  /** For `contentReference` elements, the id of the element whose children this one reuses (`Questionnaire.item`). */
  readonly contentReference: string | undefined;
  readonly children: readonly ElementNode[];
  /** JSON property name → child element, including every type name of choice children. */
  readonly properties: ReadonlyMap<string, PropertyTarget>;
  readonly slicing: Slicing | undefined;
  readonly slices: readonly ElementNode[];
  readonly sliceName: string | undefined;
  readonly fixed: TypedValue | undefined;
  readonly pattern: TypedValue | undefined;
  readonly binding: ElementDefinitionBinding | undefined;
  readonly constraints: readonly Constraint[];
  readonly maxLength: number | undefined;
  readonly minValue: TypedValue | undefined;
  readonly maxValue: TypedValue | undefined;
  readonly isModifier: boolean;
  readonly definition: ElementDefinition;
}

export interface TypedValue {
  readonly type: string;
  readonly value: unknown;
}

/** A StructureDefinition compiled once into an element tree and frozen. */
export interface CompiledStructure {
  readonly url: string;
  readonly version: string | undefined;
  /** `url|version`, as findings name their source. */
  readonly label: string;
  readonly name: string;
  readonly type: string;
  readonly kind: string;
  readonly derivation: 'specialization' | 'constraint' | undefined;
  readonly abstract: boolean;
  readonly root: ElementNode;
  readonly definition: StructureDefinition;
  /** Element by id, for contentReference. */
  element(id: string): ElementNode | undefined;
}

interface MutableNode extends Omit<ElementNode, 'children' | 'slices' | 'properties'> {
  children: MutableNode[];
  slices: MutableNode[];
  properties: Map<string, PropertyTarget>;
}

/**
 * Compiles a StructureDefinition's snapshot into a tree: children under their parent by path, slices under
 * the element they slice (re-slices `a/b` under slice `a`). Returns undefined when there is no snapshot.
 */
export function compileStructure(sd: StructureDefinition): CompiledStructure | undefined {
  // A definition may come from a user's file: elements without a path cannot be placed and are left out.
  const elements = sd.snapshot?.element.filter((e) => typeof (e as { path?: unknown }).path === 'string');
  const first = elements?.[0];
  if (elements === undefined || first === undefined) return undefined;
  const byId = new Map<string, MutableNode>();
  const root = makeNode(first);
  byId.set(root.id, root);
  const stack: MutableNode[] = [root];
  for (const element of elements.slice(1)) {
    const dot = element.path.lastIndexOf('.');
    const parentPath = dot < 0 ? '' : element.path.slice(0, dot);
    while (stack.length > 1 && stack[stack.length - 1]?.path !== parentPath) stack.pop();
    const parent = stack[stack.length - 1];
    if (parent === undefined || parent.path !== parentPath) continue;
    const node = makeNode(element);
    byId.set(node.id, node);
    const sliced = node.sliceName === undefined ? undefined : findSliced(parent, node);
    if (sliced !== undefined) sliced.slices.push(node);
    else parent.children.push(node);
    stack.push(node);
  }
  for (const node of byId.values()) indexProperties(node);
  const frozen = deepFreeze(root) as ElementNode;
  const version = sd.version;
  return Object.freeze({
    url: sd.url,
    version,
    label: version === undefined ? sd.url : `${sd.url}|${version}`,
    name: sd.name,
    type: sd.type,
    kind: sd.kind,
    derivation: sd.derivation,
    abstract: sd.abstract,
    root: frozen,
    definition: sd,
    element: (id: string) => byId.get(id),
  });
}

/** A node whose children are its own plus those of a type root it does not define itself (see StructureRegistry.merged). */
export function mergeChildren(node: ElementNode, typeRoot: ElementNode): ElementNode {
  const own = new Set(node.children.map((c) => c.name));
  const children = [...node.children, ...typeRoot.children.filter((c) => !own.has(c.name))];
  const properties = new Map(typeRoot.properties);
  for (const [name, target] of node.properties) properties.set(name, target);
  return Object.freeze({ ...node, children: Object.freeze(children), properties });
}

function findSliced(parent: MutableNode, slice: MutableNode): MutableNode | undefined {
  let base: MutableNode | undefined;
  for (let i = parent.children.length - 1; i >= 0; i--) {
    const child = parent.children[i];
    if (child?.path === slice.path) {
      base = child;
      break;
    }
  }
  if (base === undefined) return undefined;
  const name = slice.sliceName ?? '';
  const slash = name.lastIndexOf('/');
  if (slash < 0) return base;
  const parentSlice = name.slice(0, slash);
  return findSliceNamed(base, parentSlice) ?? base;
}

function findSliceNamed(node: MutableNode, name: string): MutableNode | undefined {
  for (const slice of node.slices) {
    if (slice.sliceName === name) return slice;
    const nested = findSliceNamed(slice, name);
    if (nested !== undefined) return nested;
  }
  return undefined;
}

function indexProperties(node: MutableNode): void {
  for (const child of node.children) {
    if (child.choice) {
      const base = child.name.slice(0, -3);
      for (const type of child.types) node.properties.set(choiceJsonName(base, type.code), { node: child, type: type.code, segment: `${base}.ofType(${type.code})` });
    } else if (!node.properties.has(child.name)) {
      node.properties.set(child.name, { node: child, type: child.types.length === 1 ? child.types[0]?.code : undefined, segment: child.name });
    }
  }
}

function makeNode(element: ElementDefinition): MutableNode {
  const name = element.path.slice(element.path.lastIndexOf('.') + 1);
  const contentReference = element.contentReference;
  return {
    id: element.id ?? element.path,
    path: element.path,
    name,
    choice: name.endsWith('[x]'),
    min: element.min ?? 0,
    max: element.max === undefined || element.max === '*' || !/^\d+$/.test(element.max) ? Infinity : Number(element.max),
    types: mergeTypes(element),
    contentReference: contentReference === undefined ? undefined : contentReference.slice(contentReference.indexOf('#') + 1),
    children: [],
    properties: new Map(),
    slicing: slicingOf(element),
    slices: [],
    sliceName: element.sliceName,
    fixed: prefixed(element, 'fixed'),
    pattern: prefixed(element, 'pattern'),
    binding: element.binding,
    constraints: (element.constraint ?? []).filter((c) => typeof (c as { key?: unknown }).key === 'string').map((c) => ({
      key: c.key,
      severity: c.severity === 'warning' ? 'warning' : 'error',
      human: c.human,
      expression: c.expression,
      source: c.source,
    })),
    maxLength: element.maxLength,
    minValue: prefixed(element, 'minValue'),
    maxValue: prefixed(element, 'maxValue'),
    isModifier: element.isModifier === true,
    definition: element,
  };
}

const profileElement = 'http://hl7.org/fhir/StructureDefinition/elementdefinition-profile-element';

/** Types with the same code are merged (R4 lists a Reference's targets on one type, but not every tool does). */
function mergeTypes(element: ElementDefinition): ElementType[] {
  const byCode = new Map<string, { code: string; profiles: string[]; profileElements: Map<string, string>; targetProfiles: string[]; aggregation: string[] }>();
  for (const type of element.type ?? []) {
    if (typeof (type as { code?: unknown }).code !== 'string') continue;
    const code = fhirTypeCode(type);
    let merged = byCode.get(code);
    if (merged === undefined) {
      merged = { code, profiles: [], profileElements: new Map(), targetProfiles: [], aggregation: [] };
      byCode.set(code, merged);
    }
    const companions = (type as { _profile?: ({ extension?: { url?: string; valueString?: string }[] } | null)[] })._profile ?? [];
    (type.profile ?? []).forEach((profile, i) => {
      const element = companions[i]?.extension?.find((e) => e.url === profileElement)?.valueString;
      if (element !== undefined) merged.profileElements.set(profile, element);
    });
    merged.profiles.push(...(type.profile ?? []));
    merged.targetProfiles.push(...(type.targetProfile ?? []));
    merged.aggregation.push(...(type.aggregation ?? []));
  }
  return [...byCode.values()];
}

function slicingOf(element: ElementDefinition): Slicing | undefined {
  const slicing = element.slicing;
  if (slicing === undefined) return undefined;
  return {
    discriminators: (slicing.discriminator ?? [])
      .filter((d) => typeof (d as { path?: unknown }).path === 'string' && typeof (d as { type?: unknown }).type === 'string')
      .map((d) => ({ type: d.type, path: d.path })),
    ordered: slicing.ordered === true,
    rules: slicing.rules,
  };
}

/** `fixedCode`, `patternCodeableConcept`, `minValueInteger`, … as the type and value they carry. */
function prefixed(element: ElementDefinition, prefix: string): TypedValue | undefined {
  for (const key in element) {
    if (key.startsWith(prefix) && key.length > prefix.length && /[A-Z]/.test(key.charAt(prefix.length))) {
      const type = key.slice(prefix.length);
      return { type: lowerPrimitive(type), value: (element as unknown as Record<string, unknown>)[key] };
    }
  }
  return undefined;
}

/** `fixedDateTime` names the type `dateTime`; complex types keep their capital (`patternCodeableConcept`). */
function lowerPrimitive(type: string): string {
  const lowered = type.charAt(0).toLowerCase() + type.slice(1);
  return isPrimitiveType(lowered) ? lowered : type;
}

function deepFreeze(node: MutableNode): MutableNode {
  for (const child of node.children) deepFreeze(child);
  for (const slice of node.slices) deepFreeze(slice);
  Object.freeze(node.children);
  Object.freeze(node.slices);
  Object.freeze(node.types);
  Object.freeze(node.constraints);
  return Object.freeze(node);
}
