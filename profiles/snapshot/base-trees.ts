import type { ElementDefinition, StructureDefinition } from 'fhir/r4.js';
import type { ElementNode } from './element-tree.js';
import { ElementListError, elementTree, segmentKey } from './element-tree.js';
import type { SnapshotSource } from './generate.js';
import { fixDifferential, SnapshotError } from './snapshot-error.js';

type BaseNode = ElementNode;
export type DiffNode = ElementNode<ElementDefinition | undefined>;

/** A base tree and what it came from, for messages and for resolving contentReference inside it. */
export interface Tree {
  readonly url: string;
  readonly root: BaseNode;
  byId?: Map<string, BaseNode>;
}

/**
 * Where the walk is: the tree its base elements come from, and whether it is inside a slice's own (backbone)
 * elements, where HL7 reads a typed choice name (`valueQuantity`) as narrowing the choice rather than slicing it.
 */
export interface Scope {
  readonly owner: Tree;
  readonly inSlice: boolean;
}

/** The base trees one snapshot generation walks: its base's, and its types' where the differential walks in. */
export class BaseTrees {
  readonly #url: string;
  readonly #source: SnapshotSource;
  readonly #trees = new Map<StructureDefinition, Tree>();

  constructor(url: string, source: SnapshotSource) {
    this.#url = url;
    this.#source = source;
  }

  /** The tree of the type (or type profile) whose children a differential constrains. */
  forType(element: ElementDefinition, diffChildren: readonly DiffNode[]): Tree {
    const types = element.type ?? [];
    const codes = [...new Set(types.map((t) => t.code))];
    const child = describe(firstElement(diffChildren[0] as DiffNode));
    let url: string;
    if (codes.length === 1) {
      const profile = types.length === 1 && codes[0] !== 'Reference' ? types[0]?.profile?.[0] : undefined;
      url = profile ?? typeUrl(codes[0] as string);
    } else if (codes.length > 1 && diffChildren.every((d) => d.name === 'extension' || d.name === 'id')) {
      url = typeUrl('Element');
    } else {
      const why = codes.length === 0 ? 'has no type' : `has several types (${codes.join(', ')})`;
      throw new SnapshotError(
        this.#url,
        `differential element ${child} constrains a child of ${element.path}, which ${why}`,
        codes.length === 0 ? fixDifferential : `constrain one type first, e.g. ${element.path.replace(/\[x\]$/, '')}${codes[0]?.charAt(0).toUpperCase()}${codes[0]?.slice(1)}`,
      );
    }
    const sd = this.#source.structureDefinition(url);
    if (sd === undefined) {
      throw new SnapshotError(
        this.#url,
        `differential element ${child} needs ${url} (the type of ${element.path}), which is not loaded`,
        'load the package that defines it (--package ID#VERSION)',
      );
    }
    return this.of(sd);
  }

  of(sd: StructureDefinition): Tree {
    const known = this.#trees.get(sd);
    if (known !== undefined) return known;
    const elements = sd.snapshot?.element ?? [];
    if (elements.length === 0) throw new SnapshotError(this.#url, `it builds on ${sd.url}, which has no snapshot`, 'load a version of it with a snapshot or a differential');
    let root: BaseNode;
    try {
      root = elementTree(elements, false);
    } catch (error) {
      if (!(error instanceof ElementListError)) throw error;
      throw new SnapshotError(this.#url, `it builds on ${sd.url}, whose snapshot is malformed: ${error.message}`, 'repair or replace that StructureDefinition');
    }
    const tree: Tree = { url: sd.url, root };
    this.#trees.set(sd, tree);
    return tree;
  }

  /** The nodes of a tree by element id, for contentReference. */
  byId(tree: Tree): Map<string, BaseNode> {
    if (tree.byId !== undefined) return tree.byId;
    const byId = new Map<string, BaseNode>();
    const visit = (node: BaseNode, parent: { name: string; slice: string | undefined }[]) => {
      const segments = [...parent, { name: node.name, slice: node.sliceName }];
      byId.set(segmentKey(segments), node);
      for (const child of node.children) visit(child, segments);
      for (const slice of node.slices) visit(slice, parent);
    };
    visit(tree.root, []);
    tree.byId = byId;
    return byId;
  }
}

/** The differential as a tree, or the SnapshotError naming the element that breaks it. */
export function differentialTree(url: string, differential: readonly ElementDefinition[]): DiffNode {
  try {
    return elementTree(differential, true);
  } catch (error) {
    if (!(error instanceof ElementListError)) throw error;
    throw new SnapshotError(url, `differential element ${describe(error.element)}: ${error.message}`, fixDifferential);
  }
}

/** The first element a differential node stands for: its own, or its first descendant's. */
export function firstElement(node: DiffNode): ElementDefinition {
  if (node.element !== undefined) return node.element;
  for (const next of [...node.children, ...node.slices]) return firstElement(next);
  return { path: node.name };
}

export function describe(element: ElementDefinition): string {
  return element.id ?? (element.sliceName === undefined ? element.path : `${element.path}:${element.sliceName}`);
}

/** The StructureDefinition URL of a type code (`Quantity`); logical models use the URL itself as the code. */
export function typeUrl(code: string): string {
  return code.includes(':') ? code : `http://hl7.org/fhir/StructureDefinition/${code}`;
}
