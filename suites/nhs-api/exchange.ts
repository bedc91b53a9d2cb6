import { randomUUID } from 'node:crypto';
import type { Bundle } from 'fhir/r4.js';
import type { HttpResponse } from '../../runner/dsl/index.js';
import { claimedTypes, claimsInteraction, matchEntries, requestHeaders } from '../common/index.js';
import type { Ctx } from './spec.js';

/**
 * How the suite talks to an NHS England API: every request carries a fresh X-Request-ID (requestHeaders)
 * unless a test is probing exactly that, and asks for FHIR JSON.
 */

export const fhirJson = 'application/fhir+json';


/** The read the suite uses: the readPath input, else the first match of a search of a claimed type. */
export async function readPath(ctx: Ctx): Promise<string> {
  if (ctx.inputs.readPath !== undefined) return ctx.inputs.readPath;
  for (const type of claimedTypes(ctx.capabilities, 'search-type').filter((t) => claimsInteraction(ctx.capabilities, t, 'read'))) {
    const response = await ctx.http.get(`${type}?_count=1`, { headers: requestHeaders() });
    if (response.status !== 200) continue;
    const bundle = response.json() as Bundle;
    const id = bundle.resourceType === 'Bundle' ? matchEntries(bundle, type)[0]?.resource?.id : undefined;
    if (id !== undefined) return `${type}/${id}`;
  }
  return ctx.skip('input readPath is not set and no resource was found by searching the types the CapabilityStatement claims');
}

/** A read of something the target does not hold: the unknownReadPath input, else an unlikely id. */
export function unknownPath(ctx: Ctx, known: string): string {
  return ctx.inputs.unknownReadPath ?? `${known.split('/')[0] ?? 'Patient'}/assay-unknown-${randomUUID()}`;
}

export interface Probe {
  readonly what: string;
  readonly response: HttpResponse;
}

/**
 * Requests that an NHS England API answers with an error: an unknown resource, a missing X-Request-ID,
 * a malformed one, and an Accept it cannot meet. Only those answered with a 4xx or 5xx are returned.
 */
export async function errorProbes(ctx: Ctx): Promise<Probe[]> {
  const path = await readPath(ctx);
  const unknown = unknownPath(ctx, path);
  const probes: Probe[] = [
    { what: `GET ${unknown} (unknown resource)`, response: await ctx.http.get(unknown, { headers: requestHeaders() }) },
    { what: `GET ${path} without X-Request-ID`, response: await ctx.http.get(path, { headers: { accept: fhirJson } }) },
    { what: `GET ${path} with X-Request-ID: not-a-uuid`, response: await ctx.http.get(path, { headers: requestHeaders({ 'x-request-id': 'not-a-uuid' }) }) },
    {
      what: `GET ${path} with Accept: application/x-assay-unsupported`,
      response: await ctx.http.get(path, { headers: requestHeaders({ accept: 'application/x-assay-unsupported' }) }),
    },
  ];
  const errors = probes.filter((probe) => probe.response.status >= 400);
  for (const probe of probes) if (probe.response.status < 400) ctx.note(`${probe.what} returned ${probe.response.status}, not an error; left out`);
  if (errors.length === 0) ctx.skip('none of the requests meant to provoke an error got a 4xx or 5xx response');
  return errors;
}
