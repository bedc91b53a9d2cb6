import type { ElementDefinition, StructureDefinition } from 'fhir/r4.js';
import { generateSnapshot, SnapshotError } from '../snapshot/index.js';
import type { ResourceFrame, Run } from './context.js';
import { pathSegments } from './discriminator.js';
import { equalsFixed } from './fixed-pattern.js';
import { compileStructure, type ElementNode } from './structure.js';

/**
 * A profile (a constraining StructureDefinition) is valid only if its differential applies to its base:
 * its snapshot can be generated, and it does not change a value its base fixes.
 */
export function checkStructureDefinition(run: Run, frame: ResourceFrame): void {
  const sd = frame.resource as unknown as StructureDefinition;
  if (sd.derivation !== 'constraint' || sd.differential === undefined || typeof sd.baseDefinition !== 'string') return;
  const structures = run.engine.structures;
  const base = structures.definition(sd.baseDefinition);
  if (base === undefined && structures.problem(sd.baseDefinition) === undefined) {
    run.findings.warning('not-found', frame.path, `Unable to find base ${sd.baseDefinition} for the StructureDefinition, so its differential could not be checked`);
    return;
  }
  let snapshot: ElementDefinition[];
  try {
    snapshot = generateSnapshot(sd, { structureDefinition: (canonical) => structures.definition(canonical) });
  } catch (error) {
    if (!(error instanceof SnapshotError)) throw error;
    run.findings.error('invalid', frame.path, `Error generating snapshot: ${error.message}`);
    return;
  }
  checkDiscriminators(run, frame, { ...sd, snapshot: { element: snapshot } });
  if (base?.snapshot === undefined) return;
  const baseById = new Map(base.snapshot.element.map((e) => [e.id ?? e.path, e]));
  sd.differential.element.forEach((element, i) => {
    const inBase = baseById.get(element.id ?? element.path);
    const fixed = inBase === undefined ? undefined : fixedValue(inBase);
    const mine = fixedValue(element);
    if (fixed !== undefined && mine !== undefined && !equalsFixed(mine.value, fixed.value)) {
      run.findings.error(
        'value',
        `${frame.path}.differential.element[${i}]`,
        `Value is ${JSON.stringify(mine.value)} but is fixed to ${JSON.stringify(fixed.value)} in the profile ${base.url}: a profile cannot change a value its base fixes`,
      );
    }
  });
}

/** Every discriminator path starts at an element the sliced element's type has. */
function checkDiscriminators(run: Run, frame: ResourceFrame, sd: StructureDefinition): void {
  const compiled = compileStructure(sd);
  if (compiled === undefined) return;
  const visit = (node: ElementNode): void => {
    for (const discriminator of node.slicing?.discriminators ?? []) {
      const first = pathSegments(discriminator.path)[0] ?? '$this';
      if (first === '$this' || first.includes('(')) continue;
      const type = node.types.length === 1 ? node.types[0] : undefined;
      const typeRoot = type === undefined ? undefined : run.engine.structures.get(type.profiles[0] ?? '') ?? run.engine.structures.forType(type.code);
      const known = [node, typeRoot?.root].some((owner) => owner !== undefined && (owner.properties.has(first) || owner.children.some((c) => c.name === `${first}[x]`)));
      if (!known && (node.children.length > 0 || typeRoot !== undefined)) {
        run.findings.error('invalid', frame.path, `The discriminator path '${discriminator.path}' does not appear to be valid for the element that is being sliced '${node.path}'`);
      }
    }
    for (const child of [...node.children, ...node.slices]) visit(child);
  };
  visit(compiled.root);
}

function fixedValue(element: ElementDefinition): { value: unknown } | undefined {
  for (const [key, value] of Object.entries(element)) if (key.startsWith('fixed')) return { value };
  return undefined;
}
