import type { ElementDefinition, ElementDefinitionType } from 'fhir/r4.js';
import type { ElementNode } from './element-tree.js';

type DiffNode = ElementNode<ElementDefinition | undefined>;

/**
 * Choice elements (`value[x]`). A differential may constrain one type by its typed name (`valueQuantity`,
 * id `Observation.valueQuantity`) or as a slice (`Observation.value[x]:valueQuantity`); both mean a type
 * slice that carries only that type, as HL7's snapshots show them.
 */

/** The type of `choice` that a typed name's suffix (`Quantity`, `String`) stands for, if it is one of its types. */
export function choiceType(choice: ElementDefinition, suffix: string): ElementDefinitionType | undefined {
  return (choice.type ?? []).find((t) => capitalize(t.code) === suffix);
}

/** Among sibling differential nodes, those naming the choice `base` by a typed name, each with its type. */
export function typedNames(
  base: ElementNode,
  candidates: readonly DiffNode[],
): { node: DiffNode; type: ElementDefinitionType }[] {
  if (!base.name.endsWith('[x]')) return [];
  const prefix = base.name.slice(0, -3);
  const found: { node: DiffNode; type: ElementDefinitionType }[] = [];
  for (const node of candidates) {
    if (node.name === base.name || !node.name.startsWith(prefix)) continue;
    const type = choiceType(base.element, node.name.slice(prefix.length));
    if (type !== undefined) found.push({ node, type });
  }
  return found;
}

/** The type slice (or, without a slice name, the narrowed choice) a typed name stands for: it carries just that type. */
export function typeSliceOf(base: ElementNode, node: DiffNode, sliceName: string | undefined, type: ElementDefinitionType): DiffNode {
  const element: ElementDefinition = { ...(node.element ?? { path: base.element.path }), type: node.element?.type ?? [type] };
  if (sliceName === undefined) delete element.sliceName;
  else element.sliceName = sliceName;
  return { name: base.name, sliceName, element, children: node.children, slices: node.slices };
}

/** For a slice of a choice named like a type (`valueQuantity`), that type. */
export function typeOfSliceName(base: ElementNode, sliceName: string): ElementDefinitionType | undefined {
  if (!base.name.endsWith('[x]')) return undefined;
  const prefix = base.name.slice(0, -3);
  return sliceName.startsWith(prefix) ? choiceType(base.element, sliceName.slice(prefix.length)) : undefined;
}

function capitalize(code: string): string {
  return code.charAt(0).toUpperCase() + code.slice(1);
}
