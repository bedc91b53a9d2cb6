import { defineGroup } from '../../runner/dsl/index.js';
import type { HttpResponse } from '../../runner/dsl/index.js';
import { claimedTypes, declaredSearchParams, requestHeaders } from '../common/index.js';
import type { Ctx, inputs, outputs } from './spec.js';

/** Hostile-looking input handled as data: injection-shaped search values, an oversized body. */

const stringPayloads = [`' OR '1'='1`, `"; DROP TABLE patient; --`, `{"$gt": ""}`, `<script>alert(1)</script>`];
const datePayload = `2020-01-01' OR '1'='1`;
const numberPayload = `1; DROP TABLE observation`;

interface InjectionProbe {
  readonly query: string;
  /** A value the parameter type cannot hold must be refused (4xx); a string may also be searched (2xx). */
  readonly mustRefuse: boolean;
}

function injectionProbes(ctx: Ctx, type: string): InjectionProbe[] {
  const params = declaredSearchParams(ctx.capabilities, type);
  const byType = (kind: string) => params.find((param) => param.type === kind && !param.name.startsWith('_'))?.name;
  const probes: InjectionProbe[] = [];
  const text = byType('string');
  if (text !== undefined) probes.push(...stringPayloads.map((value) => ({ query: `${text}=${encodeURIComponent(value)}`, mustRefuse: false })));
  const date = byType('date');
  if (date !== undefined) probes.push({ query: `${date}=${encodeURIComponent(datePayload)}`, mustRefuse: true });
  const number = byType('number');
  if (number !== undefined) probes.push({ query: `${number}=${encodeURIComponent(numberPayload)}`, mustRefuse: true });
  probes.push({ query: `_id=${encodeURIComponent(`' OR 1=1 --`)}`, mustRefuse: false });
  probes.push({ query: `${encodeURIComponent('name[$ne]')}=x`, mustRefuse: false });
  return probes;
}

/** Where the oversized body goes: a create endpoint when one is claimed, else a POST search. */
function oversizedTarget(ctx: Ctx): { path: string; contentType: string; head: string } {
  if (claimedTypes(ctx.capabilities, 'create').length > 0) {
    const type = probedType(ctx, 'create');
    // JSON cut off inside a string: no parser can make a resource of it, so it creates nothing.
    return { path: type, contentType: 'application/fhir+json', head: `{"resourceType":"${type}","id":"` };
  }
  return { path: `${probedType(ctx, 'search-type')}/_search`, contentType: 'application/x-www-form-urlencoded', head: '_id=' };
}

/** The one oversized request, or the transport failure it ended in (kept as the finding, not thrown). */
async function sendOversized(ctx: Ctx, target: ReturnType<typeof oversizedTarget>): Promise<HttpResponse | Error> {
  const body = target.head + 'a'.repeat(Math.max(0, ctx.inputs.oversizeBytes - target.head.length));
  return ctx.http
    .post(target.path, { body, headers: requestHeaders({ 'content-type': target.contentType }) })
    .catch((error: unknown) => (error instanceof Error ? error : new Error(String(error))));
}

/** The type probed: Patient when claimed, else the first type claiming the interaction. */
function probedType(ctx: Ctx, interaction: 'search-type' | 'create'): string {
  const types = claimedTypes(ctx.capabilities, interaction);
  return (types.includes('Patient') ? 'Patient' : types[0]) ?? ctx.omit(`the CapabilityStatement claims ${interaction} on no resource type: nothing to send the probe to`);
}

export const robustness = defineGroup<typeof inputs, typeof outputs>({
  id: 'robustness',
  title: 'Robustness to hostile input',
  tests: [
    {
      id: 'injection',
      title: 'Injection-shaped search values get 2xx or 4xx, never 5xx',
      verifies: ['SEC-INJ-01'],
      run: async (ctx) => {
        const type = probedType(ctx, 'search-type');
        for (const { query, mustRefuse } of injectionProbes(ctx, type)) {
          const response = await ctx.http.get(`${type}?${query}`, { headers: requestHeaders() });
          ctx.check(response.status < 500, `GET ${type}?${query} returned ${response.status}`);
          if (mustRefuse) ctx.check(response.status >= 400 && response.status < 500, `GET ${type}?${query} returned ${response.status}, expected 400 for a value the parameter cannot hold`);
        }
      },
    },
    {
      id: 'oversized-body',
      title: 'An oversized request body is refused without a crash',
      verifies: ['SEC-SIZE-01'],
      timeoutSeconds: 120,
      run: async (ctx) => {
        const target = oversizedTarget(ctx);
        const result = await sendOversized(ctx, target);
        const alive = await ctx.http.get('metadata', { headers: requestHeaders() }).catch((error: unknown) => (error instanceof Error ? error : new Error(String(error))));
        ctx.check(
          !(alive instanceof Error) && alive.status === 200,
          `after the oversized body, GET metadata ${alive instanceof Error ? `failed (${alive.message})` : `returned ${alive.status}`}: the server did not keep serving`,
        );
        if (result instanceof Error) {
          ctx.note(`the oversized body ended without a response: ${result.message}`);
          ctx.output('oversizeStatus', `no response (${result.message})`);
          return;
        }
        ctx.output('oversizeStatus', String(result.status));
        ctx.check(result.status >= 400 && result.status < 500, `POST ${target.path} with a ${ctx.inputs.oversizeBytes}-byte body returned ${result.status}, expected a 4xx refusal`);
      },
    },
    {
      id: 'oversized-status',
      title: 'The oversized body is refused with 413',
      verifies: ['SEC-SIZE-02'],
      dependsOn: ['oversized-body'],
      run: (ctx) => {
        const answer = ctx.need('oversizeStatus');
        ctx.expect.that(answer === '413', `the oversized body was answered with ${answer}, expected 413 Content Too Large`);
        return Promise.resolve();
      },
    },
  ],
});
