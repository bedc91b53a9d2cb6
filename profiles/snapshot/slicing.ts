import type { ElementDefinitionSlicing, ElementDefinitionSlicingDiscriminator } from 'fhir/r4.js';

/** The slicing FHIR implies on `extension` and `modifierExtension`: by url, open, unordered. */
export const extensionSlicing: ElementDefinitionSlicing = {
  discriminator: [{ type: 'value', path: 'url' }],
  ordered: false,
  rules: 'open',
};

/** The slicing HL7 generates when a differential constrains a choice by its typed name (`valueQuantity`). */
export const typeSlicing: ElementDefinitionSlicing = {
  discriminator: [{ type: 'type', path: '$this' }],
  ordered: false,
  rules: 'closed',
};

/**
 * A derived profile's slicing on an element its base already slices: it may restate the discriminators, set
 * `ordered` where the base did not, and keep or tighten the rules (an open slicing may close; HL7 also lets a
 * closed one become openAtEnd). Anything else changes what the base's slices mean, and is refused.
 */
export function mergeSlicing(
  base: ElementDefinitionSlicing,
  diff: ElementDefinitionSlicing | undefined,
): { slicing: ElementDefinitionSlicing; problem?: string } {
  if (diff === undefined) return { slicing: base };
  const problem = slicingProblem(base, diff);
  const discriminator = [...(base.discriminator ?? [])];
  for (const d of diff.discriminator ?? []) if (!discriminator.some((b) => sameDiscriminator(b, d))) discriminator.push(d);
  const slicing: ElementDefinitionSlicing = { ...base, ...diff, discriminator };
  if (discriminator.length === 0) delete slicing.discriminator;
  return problem === undefined ? { slicing } : { slicing, problem };
}

function slicingProblem(base: ElementDefinitionSlicing, diff: ElementDefinitionSlicing): string | undefined {
  const b = base.discriminator ?? [];
  const d = diff.discriminator ?? [];
  if (b.length > 0 && d.length > 0 && (b.length !== d.length || b.some((x, i) => !sameDiscriminator(x, d[i] as ElementDefinitionSlicingDiscriminator)))) {
    return `its slicing discriminators (${describe(d)}) differ from those of its base (${describe(b)})`;
  }
  if (base.ordered !== undefined && diff.ordered !== undefined && base.ordered !== diff.ordered) {
    return `its slicing says ordered=${String(diff.ordered)} where its base says ordered=${String(base.ordered)}`;
  }
  const rulesOk =
    diff.rules === undefined || base.rules === undefined || diff.rules === base.rules || base.rules === 'open' || (base.rules === 'closed' && diff.rules === 'openAtEnd');
  return rulesOk ? undefined : `its slicing rules "${diff.rules}" loosen the base's "${base.rules}"`;
}

function sameDiscriminator(a: ElementDefinitionSlicingDiscriminator, b: ElementDefinitionSlicingDiscriminator): boolean {
  return a.type === b.type && a.path === b.path;
}

function describe(discriminators: readonly ElementDefinitionSlicingDiscriminator[]): string {
  return discriminators.map((d) => `${d.type}:${d.path}`).join(', ');
}
