import type { ElementDefinition, ElementDefinitionSlicing, StructureDefinition } from 'fhir/r4.js';
import { typedNames, typeOfSliceName, typeSliceOf } from './choice.js';
import { asExtensionEntry, constrain, isExtensionPath } from './constrain.js';
import type { DiffNode, Scope, Tree } from './base-trees.js';
import { BaseTrees, describe, differentialTree, firstElement, typeUrl } from './base-trees.js';
import type { ElementNode } from './element-tree.js';
import { flattenTree } from './element-tree.js';
import { extensionSlicing, mergeSlicing, typeSlicing } from './slicing.js';
import { fixDifferential, SnapshotError } from './snapshot-error.js';

/** Where snapshot generation finds the StructureDefinitions a profile builds on (its base, its types' profiles). */
export interface SnapshotSource {
  /** A StructureDefinition with its snapshot (generated first if need be); undefined when none is loaded. */
  structureDefinition(canonical: string): StructureDefinition | undefined;
}

type BaseNode = ElementNode;

/**
 * Generates the snapshot of a constraint StructureDefinition from its base's snapshot and its differential,
 * following FHIR's profiling rules the way HL7's ProfileUtilities applies them: the base drives the order; each
 * differential element constrains the element it names; slices follow the element they slice, after its
 * children; a differential that walks into an element's children expands that element's type (or type profile,
 * or contentReference) first. Throws SnapshotError naming the profile and the element when the differential is
 * broken.
 */
export function generateSnapshot(sd: StructureDefinition, source: SnapshotSource): ElementDefinition[] {
  return new SnapshotWalk(sd, source).run();
}

class SnapshotWalk {
  readonly #sd: StructureDefinition;
  readonly #url: string;
  readonly #source: SnapshotSource;
  readonly #used = new Set<ElementDefinition>();
  readonly #typeSlices = new WeakSet<DiffNode>();
  readonly #trees: BaseTrees;

  constructor(sd: StructureDefinition, source: SnapshotSource) {
    this.#sd = sd;
    this.#url = typeof sd.url === 'string' ? sd.url : `with id ${String(sd.id)} (and no url)`;
    this.#source = source;
    this.#trees = new BaseTrees(this.#url, source);
  }

  run(): ElementDefinition[] {
    const baseUrl = this.#sd.baseDefinition;
    if (baseUrl === undefined) {
      throw new SnapshotError(this.#url, 'it has no baseDefinition and no snapshot', 'give it the canonical URL of the StructureDefinition it constrains');
    }
    const base = this.#source.structureDefinition(baseUrl);
    if (base === undefined) {
      throw new SnapshotError(
        this.#url,
        `its baseDefinition ${baseUrl} is not loaded`,
        'load the package that defines it (--package ID#VERSION) or pass that StructureDefinition with --definitions',
      );
    }
    if (this.#sd.derivation === 'specialization' && base.type !== this.#sd.type) {
      throw new SnapshotError(
        this.#url,
        `it defines a new type (${String(this.#sd.type)}) by specialization and has no snapshot; Assay generates snapshots for constraints only`,
        'load it with its snapshot (as the IG Publisher or SUSHI writes it)',
      );
    }
    const baseTree = this.#trees.of(base);
    const listed: unknown = this.#sd.differential?.element;
    const differential: ElementDefinition[] = Array.isArray(listed) ? (listed as ElementDefinition[]) : [];
    const diffRoot = differential.length === 0 ? undefined : differentialTree(this.#url, differential);
    if (diffRoot !== undefined && diffRoot.name !== baseTree.root.name) this.#unknown(diffRoot, baseTree);
    const root = this.#emit(baseTree.root, diffRoot, [], { owner: baseTree, inSlice: false });
    const unused = differential.find((element) => !this.#used.has(element));
    if (unused !== undefined) {
      throw new SnapshotError(this.#url, `differential element ${describe(unused)} does not match any element of its base ${baseUrl}`, fixDifferential);
    }
    return flattenTree(root);
  }

  /** The base element constrained by its differential node and slices, with its children and slices. */
  #emit(base: BaseNode, diff: DiffNode | undefined, slices: readonly DiffNode[], scope: Scope): BaseNode {
    const own = diff?.element;
    const expanded = this.#children(base, this.#constrain(base.element, own), diff, scope);
    const children = expanded.children;
    let element = expanded.element;

    const baseSlicing = base.element.slicing;
    if (slices.length === 0 && base.slices.length === 0) {
      if (own?.slicing !== undefined) element = { ...element, slicing: this.#mergeSlicing(baseSlicing, own.slicing, own) };
      return { ...base, element, children, slices: [] };
    }

    let slicing: ElementDefinitionSlicing;
    if (baseSlicing !== undefined) slicing = this.#mergeSlicing(baseSlicing, own?.slicing, own);
    else if (own?.slicing !== undefined) slicing = own.slicing;
    else if (isExtensionPath(base.element.path)) {
      slicing = extensionSlicing;
      if (own === undefined) element = asExtensionEntry(element);
    } else if (slices.every((s) => this.#typeSlices.has(s))) {
      slicing = typeSlicing;
      if (own?.type === undefined) element = { ...element, type: slices.flatMap((s) => s.element?.type ?? []) };
    } else {
      const slice = slices[0] as DiffNode;
      throw new SnapshotError(
        this.#url,
        `differential element ${describe(firstElement(slice))} is a slice, but ${base.element.path} is not sliced`,
        `declare the slicing (discriminator and rules) on ${base.element.path} in the differential`,
      );
    }
    element = { ...element, slicing };

    const pending = new Map(slices.map((s) => [s.sliceName, s]));
    const outSlices = base.slices.map((existing) => {
      const diffSlice = pending.get(existing.sliceName);
      pending.delete(existing.sliceName);
      return diffSlice === undefined ? existing : this.#emitSlice(existing, diffSlice, scope);
    });
    const unsliced: BaseNode = { ...base, element: withoutSlicing(base.element), slices: [] };
    for (const added of pending.values()) {
      if (baseSlicing?.rules === 'closed') {
        throw new SnapshotError(
          this.#url,
          `differential element ${describe(firstElement(added))} adds a slice to ${base.element.path}, whose slicing in the base is closed`,
          fixDifferential,
        );
      }
      const slice = this.#emitSlice(unsliced, added, scope);
      // HL7 spells out a new extension slice on an element its base already slices (datatypes' extensions are)
      outSlices.push(baseSlicing !== undefined && slice.children.length === 0 ? this.#withExtensionChildren(slice) : slice);
    }
    return { ...base, element, children, slices: outSlices };
  }

  #emitSlice(base: BaseNode, slice: DiffNode, scope: Scope): BaseNode {
    if (slice.element === undefined && base.sliceName === undefined) {
      throw new SnapshotError(
        this.#url,
        `differential element ${describe(firstElement(slice))} is inside slice "${String(slice.sliceName)}", which neither the differential nor the base defines`,
        fixDifferential,
      );
    }
    const node = this.#emit(base, slice, slice.slices, { owner: scope.owner, inSlice: true });
    return { ...node, sliceName: slice.sliceName, element: { ...node.element, sliceName: slice.sliceName } };
  }

  /** The element's children: the base's own, or its type's when the differential walks into it. */
  #children(base: BaseNode, element: ElementDefinition, diff: DiffNode | undefined, scope: Scope): { element: ElementDefinition; children: BaseNode[] } {
    const diffChildren = diff?.children ?? [];
    const owner = scope.owner;
    if (base.children.length > 0) return { element, children: this.#walk(base.children, diffChildren, scope) };
    if (diffChildren.length === 0) return { element, children: [] };

    if (element.contentReference !== undefined) {
      const reference = element.contentReference;
      const target = this.#trees.byId(owner).get(reference.slice(reference.indexOf('#') + 1));
      if (target === undefined) {
        throw new SnapshotError(this.#url, `element ${element.path} refers to ${reference}, which ${owner.url} does not define`, fixDifferential);
      }
      const { contentReference: _, ...rest } = element;
      const resolved: ElementDefinition = target.element.type === undefined ? rest : { ...rest, type: target.element.type };
      return { element: resolved, children: this.#walk(target.children, diffChildren, { owner, inSlice: false }) };
    }
    const typeTree = this.#trees.forType(element, diffChildren);
    return { element, children: this.#walk(typeTree.root.children, diffChildren, { owner: typeTree, inSlice: false }) };
  }

  /** Matches differential children to base children by name (and typed names of choices), in the base's order. */
  #walk(baseChildren: readonly BaseNode[], diffChildren: readonly DiffNode[], scope: Scope): BaseNode[] {
    const unmatched = new Set(diffChildren);
    const out = baseChildren.map((child) => {
      let main = diffChildren.find((d) => d.name === child.name);
      if (main !== undefined) unmatched.delete(main);
      const slices = (main?.slices ?? []).map((slice) => this.#typedSlice(child, slice));
      const typed = typedNames(child, [...unmatched]);
      for (const { node } of typed) {
        unmatched.delete(node);
        if (node.element !== undefined) this.#used.add(node.element);
      }
      const [single] = typed;
      if (scope.inSlice && main === undefined && typed.length === 1 && single !== undefined) {
        main = { ...typeSliceOf(child, single.node, undefined, single.type) };
      } else {
        for (const { node, type } of typed) {
          const typeSlice = typeSliceOf(child, node, node.name, type);
          this.#typeSlices.add(typeSlice);
          slices.push(typeSlice);
        }
      }
      return main === undefined && slices.length === 0 ? child : this.#emit(child, main, slices, scope);
    });
    const [stray] = unmatched;
    if (stray !== undefined) this.#unknown(stray, scope.owner);
    return out;
  }

  /** An extension slice with the elements of its extension definition (or of Extension) as its children. */
  #withExtensionChildren(slice: BaseNode): BaseNode {
    const [type, ...others] = slice.element.type ?? [];
    if (type?.code !== 'Extension' || others.length > 0) return slice;
    const definition = this.#source.structureDefinition(type.profile?.[0] ?? typeUrl('Extension'));
    return definition === undefined ? slice : { ...slice, children: this.#trees.of(definition).root.children };
  }

  /** A slice of a choice named after one of its types (`value[x]:valueQuantity`) carries that type. */
  #typedSlice(choice: BaseNode, slice: DiffNode): DiffNode {
    const type = slice.sliceName === undefined ? undefined : typeOfSliceName(choice, slice.sliceName);
    if (type === undefined) return slice;
    if (slice.element !== undefined) this.#used.add(slice.element);
    const typed = typeSliceOf(choice, slice, slice.sliceName, type);
    this.#typeSlices.add(typed);
    return typed;
  }

  #constrain(base: ElementDefinition, diff: ElementDefinition | undefined): ElementDefinition {
    if (diff !== undefined) this.#used.add(diff);
    const allowed = diff?.type === undefined ? undefined : this.#checkTypes(base, diff);
    return constrain(base, diff, allowed, this.#url);
  }

  /** Refuses a type the base does not allow; returns the type profile's root element when there is exactly one. */
  #checkTypes(base: ElementDefinition, diff: ElementDefinition): ElementDefinition | undefined {
    const baseCodes = (base.type ?? []).map((t) => t.code);
    for (const type of diff.type ?? []) {
      const ok =
        baseCodes.length === 0 ||
        baseCodes.includes(type.code) ||
        baseCodes.some((code) => code === 'Element' || code === '*' || code === 'Resource' || code === 'DomainResource' || code.startsWith(systemTypes));
      if (!ok) {
        throw new SnapshotError(
          this.#url,
          `differential element ${describe(diff)} gives type ${type.code}, which its base ${base.path} does not allow (${baseCodes.join(', ')})`,
          fixDifferential,
        );
      }
    }
    const [only, ...others] = diff.type ?? [];
    const profile = only?.profile?.[0];
    if (only === undefined || others.length > 0 || profile === undefined || only.code === 'Reference') return undefined;
    return this.#source.structureDefinition(profile)?.snapshot?.element[0];
  }

  #mergeSlicing(base: ElementDefinitionSlicing | undefined, diff: ElementDefinitionSlicing | undefined, at: ElementDefinition | undefined): ElementDefinitionSlicing {
    if (base === undefined) return diff as ElementDefinitionSlicing;
    const { slicing, problem } = mergeSlicing(base, diff);
    if (problem !== undefined) throw new SnapshotError(this.#url, `differential element ${describe(at as ElementDefinition)}: ${problem}`, fixDifferential);
    return slicing;
  }

  /** The tree of the type (or type profile) whose children a differential constrains. */
  #unknown(stray: DiffNode, owner: Tree): never {
    const element = firstElement(stray);
    throw new SnapshotError(
      this.#url,
      `differential element ${describe(element)} names ${element.path}, which is not an element of ${owner.url}`,
      fixDifferential,
    );
  }
}

/** FHIRPath's System types: the snapshot's spelling of a primitive's value, which a differential names by FHIR type. */
const systemTypes = 'http://hl7.org/fhirpath/System.';

function withoutSlicing(element: ElementDefinition): ElementDefinition {
  if (element.slicing === undefined) return element;
  const { slicing: _, ...rest } = element;
  return rest;
}
