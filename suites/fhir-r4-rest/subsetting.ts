import type { Coding, Resource, StructureDefinition } from 'fhir/r4.js';
import { defineGroup } from '../../runner/dsl/index.js';
import { requestHeaders } from '../common/index.js';
import { readSample, samplesClaiming } from './scope.js';
import type { Ctx, inputs } from './spec.js';

/** _summary and _elements: asking for part of a resource, and the SUBSETTED tag that marks it. */

const subsetted = (coding: Coding) => coding.code === 'SUBSETTED' && coding.system === 'http://terminology.hl7.org/CodeSystem/v3-ObservationValue';

// Elements every resource may carry whatever was asked: identity and metadata.
const alwaysAllowed = new Set(['resourceType', 'id', 'meta', 'implicitRules']);

interface ElementRules {
  readonly summary: ReadonlySet<string>;
  /** Mandatory (min >= 1) or modifier elements: a server may return them whatever was asked. */
  readonly kept: ReadonlySet<string>;
}

/** Top-level element rules of a resource type, from its core StructureDefinition snapshot. */
function elementRules(ctx: Ctx, type: string): ElementRules | undefined {
  const definition = ctx.resolve(`http://hl7.org/fhir/StructureDefinition/${type}`) as StructureDefinition | undefined;
  const elements = definition?.snapshot?.element;
  if (elements === undefined) return undefined;
  const summary = new Set<string>();
  const kept = new Set<string>();
  for (const element of elements) {
    const match = new RegExp(`^${type}\\.([a-zA-Z]+)(\\[x\\])?$`).exec(element.path);
    if (match === null) continue;
    const name = match[1] ?? '';
    const names = match[2] === undefined ? [name] : (element.type ?? []).map((t) => `${name}${t.code.charAt(0).toUpperCase()}${t.code.slice(1)}`);
    for (const n of names) {
      if (element.isSummary === true) summary.add(n);
      if ((element.min ?? 0) > 0 || element.isModifier === true) kept.add(n);
    }
  }
  return { summary, kept };
}

/** Element names of a resource's JSON: `_x` (a primitive's id and extensions) belongs to element `x`. */
function elementNames(resource: object): string[] {
  return [...new Set(Object.keys(resource).map((key) => (key.startsWith('_') ? key.slice(1) : key)))];
}

async function readWith(ctx: Ctx, reference: string, query: string): Promise<Resource | undefined> {
  const response = await ctx.http.get(`${reference}?${query}`, { headers: requestHeaders() });
  if (!ctx.check(response.status === 200, `read ${reference}?${query} returned ${response.status}, expected 200`)) return undefined;
  return response.json() as Resource;
}

export const subsetting = defineGroup<typeof inputs>({
  id: 'subsetting',
  title: 'Subsetting (_summary, _elements)',
  tests: [
    {
      id: 'summary',
      title: '_summary=true returns summary elements only, tagged SUBSETTED',
      verifies: ['R4-REST-SUMMARY-01'],
      run: async (ctx) => {
        for (const sample of await samplesClaiming(ctx, 'read')) {
          const rules = elementRules(ctx, sample.type) ?? ctx.skip(`the core StructureDefinition of ${sample.type} is not loaded`);
          const body = await readWith(ctx, sample.reference, '_summary=true');
          if (body === undefined) continue;
          const extra = elementNames(body).filter((key) => !alwaysAllowed.has(key) && key !== 'modifierExtension' && !rules.summary.has(key));
          ctx.check(extra.length === 0, `${sample.reference}?_summary=true returned non-summary elements: ${extra.join(', ')}`);
          ctx.check((body.meta?.tag ?? []).some(subsetted), `${sample.reference}?_summary=true is not tagged SUBSETTED`);
        }
      },
    },
    {
      id: 'elements',
      title: '_elements returns the element asked for, not the others, tagged SUBSETTED',
      verifies: ['R4-REST-ELEMENTS-01'],
      run: async (ctx) => {
        let asked = 0;
        for (const sample of await samplesClaiming(ctx, 'read')) {
          const rules = elementRules(ctx, sample.type) ?? ctx.skip(`the core StructureDefinition of ${sample.type} is not loaded`);
          const response = await readSample(ctx, sample.reference);
          if (response === undefined) continue;
          const full = response.json() as Resource;
          const optional = elementNames(full).filter((key) => !alwaysAllowed.has(key) && !rules.kept.has(key) && !['text', 'contained'].includes(key));
          const [wanted, ...others] = optional;
          if (wanted === undefined || others.length === 0) {
            ctx.note(`${sample.reference} has fewer than two optional elements: _elements cannot show a subset`);
            continue;
          }
          asked += 1;
          const body = await readWith(ctx, sample.reference, `_elements=${wanted}`);
          if (body === undefined) continue;
          const returned = elementNames(body);
          ctx.check(returned.includes(wanted), `${sample.reference}?_elements=${wanted} did not return ${wanted}`);
          const leaked = others.filter((key) => returned.includes(key));
          ctx.check(leaked.length === 0, `${sample.reference}?_elements=${wanted} also returned ${leaked.join(', ')}`);
          ctx.check((body.meta?.tag ?? []).some(subsetted), `${sample.reference}?_elements=${wanted} is not tagged SUBSETTED`);
        }
        if (asked === 0) ctx.skip('no sample resource has two optional elements to ask for one of');
      },
    },
  ],
});
