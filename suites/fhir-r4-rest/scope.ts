import type { Bundle } from 'fhir/r4.js';
import type { HttpResponse } from '../../runner/dsl/index.js';
import { claimedTypes, claimsInteraction, matchEntries, requestHeaders, splitReference } from '../common/index.js';
import type { TypeInteraction } from '../common/index.js';
import type { Ctx } from './spec.js';

/**
 * What the suite tests on this target: the claimed resource types (narrowed by the resourceTypes input)
 * and a sample resource of each. Every test finds its own samples, so a failure in one test never turns
 * the others into skips and each defect keeps its own finding.
 */

/** The claimed types in scope, optionally only those claiming an interaction. */
export function typesInScope(ctx: Ctx, interaction?: TypeInteraction): string[] {
  const wanted = ctx.inputs.resourceTypes;
  const claimed = claimedTypes(ctx.capabilities, interaction);
  return wanted === undefined ? claimed : claimed.filter((type) => wanted.includes(type));
}

/** Types in scope claiming `interaction`; omits the test when there is none. */
export function typesClaiming(ctx: Ctx, interaction: TypeInteraction): string[] {
  const types = typesInScope(ctx, interaction);
  if (types.length === 0) ctx.omit(`the CapabilityStatement claims ${interaction} on no resource type in scope`);
  return types;
}

export interface Sample {
  readonly type: string;
  readonly id: string;
  /** `Type/id`. */
  readonly reference: string;
}

function knownSamples(ctx: Ctx): Sample[] {
  return (ctx.inputs.knownResources ?? []).map((reference) => {
    const parts = splitReference(reference) ?? ctx.expect.fail(`input knownResources: "${reference}" is not Type/id`);
    return { ...parts, reference: `${parts.type}/${parts.id}` };
  });
}

/**
 * One resource of each type in scope claiming `interaction`: from the knownResources input, else the
 * first match of a search. Whether search works is search/searchset's question, so a failing search is
 * only noted here; with no sample at all the test is skipped, naming what was missing.
 */
export async function samplesClaiming(ctx: Ctx, interaction: TypeInteraction): Promise<Sample[]> {
  const types = typesClaiming(ctx, interaction);
  const known = knownSamples(ctx);
  const samples: Sample[] = [];
  for (const type of types) {
    const given = known.find((sample) => sample.type === type);
    if (given !== undefined) {
      samples.push(given);
      continue;
    }
    if (!claimsInteraction(ctx.capabilities, type, 'search-type')) continue;
    const response = await ctx.http.get(`${type}?_count=1`, { headers: requestHeaders() });
    const body = response.status === 200 ? (response.json() as Bundle) : undefined;
    if (body?.resourceType !== 'Bundle') {
      ctx.note(`finding a ${type}: search ${type}?_count=1 returned ${response.status} without a Bundle (see search/searchset)`);
      continue;
    }
    const id = matchEntries(body, type)[0]?.resource?.id;
    if (id !== undefined) samples.push({ type, id, reference: `${type}/${id}` });
  }
  if (samples.length === 0) {
    ctx.skip(`no ${types.join(', ')} resource (types claiming ${interaction}) was found by search or given in input knownResources`);
  }
  return samples;
}

/**
 * Reads a sample. Whether read works is read/read's question: a read that fails is noted and gives
 * undefined, so the calling test judges only its own requirement.
 */
export async function readSample(ctx: Ctx, reference: string): Promise<HttpResponse | undefined> {
  const response = await ctx.http.get(reference, { headers: requestHeaders() });
  if (response.status === 200) return response;
  ctx.note(`read ${reference} returned ${response.status} (see read/read); left out`);
  return undefined;
}
