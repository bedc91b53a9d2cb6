import { checkCardinality } from './cardinality.js';
import type { Item } from './children.js';
import { definitionTarget, instanceValues, type DefinitionStep, type TypedInstance } from './discriminator.js';
import type { Visit } from './element.js';
import { conformsTo, validateItem } from './element.js';
import { equalsFixed, matchesPattern } from './fixed-pattern.js';
import { isJsonObject } from './fhir-types.js';
import type { Where } from './issues.js';
import { conformsAsResource } from './resource.js';
import type { Discriminator, ElementNode } from './structure.js';

/**
 * A sliced element: each item is assigned to the first slice whose discriminators it matches, then the
 * slicing rules are applied (closed, openAtEnd, ordered), each slice's cardinality is checked, and each item
 * is validated against its slice (unmatched items against the sliced element itself).
 */
export function validateSliced(visit: Visit, items: readonly Item[], sliced: ElementNode, parentPath: Where): void {
  const { findings } = visit.run;
  const slicing = sliced.slicing;
  if (slicing === undefined) return;
  checkCardinality(findings, sliced, items.length, parentPath, visit.structure);
  const assigned = items.map((item) => sliced.slices.find((slice) => matchesSlice(visit, item, slice, slicing.discriminators)));

  let lastSlice = -1;
  let seenUnmatched = false;
  items.forEach((item, i) => {
    const slice = assigned[i];
    if (slice === undefined) {
      seenUnmatched = true;
      if (slicing.rules === 'closed') {
        findings.error('structure', item.path, `This element does not match any known slice defined in the profile ${visit.structure.label} (slicing of ${sliced.path} is closed)`);
      }
      return;
    }
    const order = sliced.slices.indexOf(slice);
    if (slicing.ordered && order < lastSlice) {
      findings.error('structure', item.path, `As specified by profile ${visit.structure.label}, element ${sliced.path} is sliced in order, and slice ${slice.sliceName ?? ''} is out of order`);
    }
    if (slicing.rules === 'openAtEnd' && seenUnmatched) {
      findings.error('structure', item.path, `The slicing of ${sliced.path} is open at the end only (profile ${visit.structure.label}), but an element that matches slice ${slice.sliceName ?? ''} follows one that matches no slice`);
    }
    lastSlice = Math.max(lastSlice, order);
  });

  for (const slice of sliced.slices) {
    const mine = items.filter((_, i) => assigned[i] === slice);
    if (slice.slicing !== undefined && slice.slices.length > 0) {
      validateSliced(visit, mine, slice, parentPath);
      continue;
    }
    checkSliceCardinality(visit, slice, mine.length, parentPath);
    for (const item of mine) validateItem(visit, item, slice);
  }
  items.forEach((item, i) => {
    if (assigned[i] === undefined) validateItem(visit, item, sliced);
  });
}

function checkSliceCardinality(visit: Visit, slice: ElementNode, count: number, parentPath: Where): void {
  if (count < slice.min && count === 0) {
    visit.run.findings.error('required', parentPath, `Slice '${slice.path}:${slice.sliceName ?? ''}': a matching slice is required, but not found (from ${visit.structure.label})`);
    return;
  }
  checkCardinality(visit.run.findings, slice, count, parentPath, visit.structure);
}

/** Whether an item matches a slice: every discriminator holds; with none, the item must conform to the slice. */
function matchesSlice(visit: Visit, item: Item, slice: ElementNode, discriminators: readonly Discriminator[]): boolean {
  if (discriminators.length === 0) return conformsToSlice(visit, item, slice);
  const start: TypedInstance = { value: item.value, type: item.type ?? instanceType(item.value) };
  const definition: DefinitionStep = { node: slice, structure: visit.structure, type: item.type };
  return discriminators.every((d) => matchesDiscriminator(visit, start, definition, d, item));
}

function matchesDiscriminator(visit: Visit, start: TypedInstance, definition: DefinitionStep, discriminator: Discriminator, item: Item): boolean {
  const values = instanceValues(visit, start, discriminator.path);
  const target = definitionTarget(visit, definition, discriminator.path);
  switch (discriminator.type) {
    case 'value':
    case 'pattern': {
      if (target === undefined) return false;
      const expected = target.node.fixed ?? target.node.pattern ?? impliedExtensionUrl(target, discriminator);
      // A slice that fixes nothing at this path is not told apart by it.
      if (expected === undefined) return true;
      const exact = discriminator.type === 'value' && target.node.fixed !== undefined;
      return values.some((v) => (exact ? equalsFixed(v.value, expected.value) : matchesPattern(v.value, expected.value)));
    }
    case 'exists': {
      if (target === undefined) return false;
      if (target.node.max === 0) return values.length === 0;
      return target.node.min > 0 ? values.length > 0 : true;
    }
    case 'type': {
      if (target === undefined) return false;
      const allowed = target.type !== undefined ? [target.type] : target.node.types.map((t) => t.code);
      return values.some((v) => v.type !== undefined && allowed.some((a) => a === v.type || visit.run.engine.structures.specializes(v.type ?? '', a)));
    }
    case 'profile': {
      if (target === undefined) return false;
      const profiles = discriminator.path.endsWith('resolve()')
        ? target.node === target.structure.root ? [target.structure.url] : []
        : target.node.types.flatMap((t) => (t.profiles.length > 0 ? t.profiles : t.targetProfiles));
      if (profiles.length === 0) return false;
      return values.some((v) => profiles.some((p) => conformsToProfile(visit, v, p, item)));
    }
    default:
      return false;
  }
}

/** An extension slice constrains its url through the extension's own definition: that URL is the expected value. */
function impliedExtensionUrl(target: DefinitionStep, discriminator: Discriminator): { type: string; value: unknown } | undefined {
  if (!discriminator.path.endsWith('url')) return undefined;
  if (target.structure.type === 'Extension' && target.node.path === 'Extension.url') return { type: 'uri', value: target.structure.url };
  return undefined;
}

function conformsToProfile(visit: Visit, value: TypedInstance, profile: string, item: Item): boolean {
  const structure = visit.run.engine.structures.get(profile);
  if (structure === undefined || !isJsonObject(value.value)) return false;
  if (typeof value.value.resourceType === 'string') return conformsAsResource(visit, value.value, structure, item.path);
  return conformsTo(visit, value.value, structure, item.path);
}

function conformsToSlice(visit: Visit, item: Item, slice: ElementNode): boolean {
  const scratch = visit.run.findings.scratch();
  validateItem({ ...visit, run: { ...visit.run, findings: scratch, codeChecks: [] } }, item, slice);
  return !scratch.hasErrors;
}

function instanceType(value: unknown): string | undefined {
  return isJsonObject(value) && typeof value.resourceType === 'string' ? value.resourceType : undefined;
}
