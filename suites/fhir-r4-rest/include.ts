import type { Resource } from 'fhir/r4.js';
import { defineTest } from '../../runner/dsl/index.js';
import { declaredSearchParams, matchEntries, requestHeaders, resourceClaim, splitReference } from '../common/index.js';
import { readSample, samplesClaiming } from './scope.js';
import { definitionOf } from './search-parameters.js';
import { deriveSearchValue } from './search-values.js';
import type { inputs } from './spec.js';

/**
 * _include for each include the server declares (rest.resource.searchInclude): searching a sample by
 * _id with the include must also return the resource the sample references through that parameter.
 */
export const include = defineTest<typeof inputs>({
  id: 'include',
  title: 'Each declared _include returns the referenced resources',
  verifies: ['R4-REST-INCLUDE-01'],
  run: async (ctx) => {
    let exercised = 0;
    for (const sample of await samplesClaiming(ctx, 'search-type')) {
      const includes = (resourceClaim(ctx.capabilities, sample.type)?.searchInclude ?? []).filter((value) => value !== '*');
      if (includes.length === 0) continue;
      const read = await readSample(ctx, sample.reference);
      if (read === undefined) continue;
      const resource = read.json() as Resource;
      for (const value of includes) {
        const [source, name] = value.split(':');
        const param = declaredSearchParams(ctx.capabilities, sample.type).find((p) => p.name === name) ?? { name: name ?? '', type: 'reference' };
        const definition = source === sample.type ? definitionOf(ctx, sample.type, param) : undefined;
        const derived = definition === undefined ? undefined : deriveSearchValue(resource, { ...definition, type: 'reference' });
        const target = derived !== undefined && 'value' in derived ? splitReference(derived.value) : undefined;
        if (target === undefined) {
          ctx.note(`_include=${value}: not exercised, ${sample.reference} has no relative reference through ${name ?? value}`);
          continue;
        }
        const referenced = await ctx.http.get(`${target.type}/${target.id}`, { headers: requestHeaders() });
        if (referenced.status !== 200) {
          ctx.note(`_include=${value}: not exercised, ${target.type}/${target.id} (referenced by ${sample.reference}) reads as ${referenced.status}`);
          continue;
        }
        const query = `${sample.type}?_id=${encodeURIComponent(sample.id)}&_include=${encodeURIComponent(value)}`;
        const response = await ctx.http.get(query, { headers: requestHeaders() });
        exercised += 1;
        if (!ctx.check(response.status === 200, `search ${query} returned ${response.status}, expected 200`)) continue;
        const bundle = ctx.expect.resource(response.json(), 'Bundle');
        if (!matchEntries(bundle, sample.type).some((entry) => entry.resource?.id === sample.id)) {
          ctx.note(`search ${query} did not match ${sample.reference} on its first page; include not judged`);
          continue;
        }
        const included = (bundle.entry ?? []).find(
          (entry) => entry.resource?.resourceType === target.type && entry.resource.id === target.id,
        );
        if (!ctx.check(included !== undefined, `search ${query} did not include ${target.type}/${target.id}`)) continue;
        ctx.check(
          included?.search?.mode === undefined || included.search.mode === 'include',
          `search ${query}: ${target.type}/${target.id} has search.mode ${included?.search?.mode}, expected include`,
        );
      }
    }
    if (exercised === 0) ctx.skip('no declared _include had a sample resource with a reference to follow');
  },
});
