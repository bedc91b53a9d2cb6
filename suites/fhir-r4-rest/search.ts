import type { Bundle, Resource } from 'fhir/r4.js';
import { defineGroup } from '../../runner/dsl/index.js';
import { linkUrl, matchEntries, requestHeaders, tally } from '../common/index.js';
import { readSample, samplesClaiming, typesClaiming } from './scope.js';
import { include } from './include.js';
import { queriesFor, searchFinds } from './search-parameters.js';
import type { Ctx, inputs } from './spec.js';

/** The search interaction: searchset Bundles, declared parameters, self links, fullUrl, POST search. */

/**
 * A search whose success is search/searchset's question: a failed one is noted and yields undefined, so
 * the calling test checks only its own requirement.
 */
async function searchset(ctx: Ctx, url: string) {
  const response = await ctx.http.get(url, { headers: requestHeaders() });
  if (response.status !== 200) {
    ctx.note(`search ${url} returned ${response.status} (see search/searchset); left out`);
    return undefined;
  }
  return ctx.expect.resource(response.json(), 'Bundle');
}

async function readResource(ctx: Ctx, reference: string): Promise<Resource | undefined> {
  return (await readSample(ctx, reference))?.json() as Resource | undefined;
}

export const search = defineGroup<typeof inputs>({
  id: 'search',
  title: 'Search',
  tests: [
    {
      id: 'searchset',
      title: 'A search returns a searchset Bundle',
      verifies: ['R4-REST-SEARCH-01'],
      run: async (ctx) => {
        for (const type of typesClaiming(ctx, 'search-type')) {
          const response = await ctx.http.get(`${type}?_count=1`, { headers: requestHeaders() });
          if (!ctx.check(response.status === 200, `search ${type}?_count=1 returned ${response.status}, expected 200`)) continue;
          const bundle = ctx.expect.resource(response.json(), 'Bundle');
          ctx.check(bundle.type === 'searchset', `search ${type}: Bundle.type is ${bundle.type}, expected searchset`);
        }
      },
    },
    {
      id: 'parameters',
      title: 'Each declared search parameter finds the resource it was taken from, and only resources it matches',
      verifies: ['R4-REST-SEARCH-02'],
      run: async (ctx) => {
        const checks = tally(ctx);
        let searched = 0;
        for (const sample of await samplesClaiming(ctx, 'search-type')) {
          const resource = await readResource(ctx, sample.reference);
          if (resource === undefined) continue;
          for (const { param, query, nonMatching } of queriesFor(ctx, sample, resource)) {
            searched += 1;
            const { found, status } = await searchFinds(ctx, sample, query);
            checks.check(found, `search ${sample.type}?${query} ${status === 200 ? `did not return ${sample.reference}` : `returned ${status}`}`);
            const other = `${nonMatching}&_id=${encodeURIComponent(sample.id)}`;
            const ignored = await searchFinds(ctx, sample, other);
            checks.check(!ignored.found, `search ${sample.type}?${other} returned ${sample.reference}, which does not match it: ${param} was ignored`);
          }
        }
        if (searched === 0 && !checks.failed) ctx.skip('no declared search parameter has a value in the sample resources to search by');
      },
    },
    {
      id: 'self-link',
      title: 'The self link names the parameters the search used',
      verifies: ['R4-REST-SEARCH-03'],
      run: async (ctx) => {
        const checks = tally(ctx);
        let searched = 0;
        for (const sample of await samplesClaiming(ctx, 'search-type')) {
          const resource = await readResource(ctx, sample.reference);
          const query = resource === undefined ? undefined : queriesFor(ctx, sample, resource)[0];
          if (query === undefined) continue;
          searched += 1;
          const bundle = await searchset(ctx, `${sample.type}?${query.query}`);
          if (bundle === undefined) continue;
          const self = linkUrl(bundle, 'self');
          if (!checks.check(self !== undefined, `search ${sample.type}?${query.query}: the Bundle has no self link`)) continue;
          const used = [...new URL(self ?? '', ctx.target.baseUrl).searchParams.keys()].map((key) => key.split(':')[0]);
          checks.check(used.includes(query.param), `search ${sample.type}?${query.query}: self link ${self} does not name ${query.param}`);
        }
        if (searched === 0 && !checks.failed) ctx.skip('no declared search parameter has a value in the sample resources to search by');
      },
    },
    {
      id: 'full-url',
      title: 'Every searchset entry has a fullUrl that agrees with its resource',
      verifies: ['R4-REST-SEARCH-04'],
      run: async (ctx) => {
        let entries = 0;
        for (const type of typesClaiming(ctx, 'search-type')) {
          const bundle = await searchset(ctx, `${type}?_count=5`);
          (bundle?.entry ?? []).forEach((entry, index) => {
            entries += 1;
            const where = `search ${type}: entry[${index}]`;
            const fullUrl = entry.fullUrl;
            if (!ctx.check(fullUrl !== undefined, `${where} has no fullUrl`)) return;
            const resource = entry.resource;
            if (resource === undefined || fullUrl?.startsWith('urn:') === true) return;
            ctx.check(/^https?:\/\//.test(fullUrl ?? ''), `${where}: fullUrl ${fullUrl} is not an absolute URL`);
            ctx.check(
              fullUrl?.endsWith(`/${resource.resourceType}/${resource.id ?? ''}`) === true,
              `${where}: fullUrl ${fullUrl} disagrees with ${resource.resourceType}/${resource.id ?? '(no id)'}`,
            );
          });
        }
        if (entries === 0) ctx.skip('no search returned an entry, so there was no fullUrl to check');
      },
    },
    {
      id: 'post',
      title: 'POST [type]/_search gives the same matches as the equivalent GET',
      verifies: ['R4-REST-SEARCH-05'],
      run: async (ctx) => {
        for (const sample of await samplesClaiming(ctx, 'search-type')) {
          const form = `_id=${encodeURIComponent(sample.id)}&_count=10`;
          const viaGet = await searchset(ctx, `${sample.type}?${form}`);
          if (viaGet === undefined) continue;
          const response = await ctx.http.post(`${sample.type}/_search`, {
            headers: requestHeaders({ 'content-type': 'application/x-www-form-urlencoded' }),
            body: form,
          });
          if (!ctx.check(response.status === 200, `POST ${sample.type}/_search returned ${response.status}, expected 200`)) continue;
          const bundle = ctx.expect.resource(response.json(), 'Bundle');
          ctx.check(bundle.type === 'searchset', `POST ${sample.type}/_search: Bundle.type is ${bundle.type}, expected searchset`);
          const ids = (b: Bundle) => matchEntries(b, sample.type).map((entry) => entry.resource?.id ?? '').sort().join(', ');
          ctx.check(
            ids(bundle) === ids(viaGet),
            `POST ${sample.type}/_search (${form}) matched [${ids(bundle)}] where GET matched [${ids(viaGet)}]`,
          );
        }
      },
    },
    {
      id: 'count',
      title: '_count caps the matches on a page',
      verifies: ['R4-REST-COUNT-01'],
      run: async (ctx) => {
        let searched = 0;
        for (const type of typesClaiming(ctx, 'search-type')) {
          const bundle = await searchset(ctx, `${type}?_count=1`);
          if (bundle === undefined) continue;
          searched += 1;
          const matches = matchEntries(bundle, type).length;
          ctx.check(matches <= 1, `search ${type}?_count=1 returned ${matches} matches on one page`);
        }
        if (searched === 0) ctx.skip('no search succeeded (see search/searchset), so _count could not be checked');
      },
    },
    {
      id: 'paging',
      title: 'The next link returns the following page',
      verifies: ['R4-REST-PAGE-01'],
      run: async (ctx) => {
        const checks = tally(ctx);
        let paged = 0;
        for (const type of typesClaiming(ctx, 'search-type')) {
          const first = await searchset(ctx, `${type}?_count=1`);
          if (first === undefined) continue;
          const next = linkUrl(first, 'next');
          const firstIds = matchEntries(first, type).map((entry) => entry.resource?.id);
          if (next === undefined) {
            // No next link: right only if the first page already held every match.
            const wider = await searchset(ctx, `${type}?_count=2`);
            const known = Math.max(first.total ?? 0, wider === undefined ? 0 : matchEntries(wider, type).length);
            if (known > firstIds.length) {
              paged += 1;
              checks.check(false, `search ${type}?_count=1 returned ${firstIds.length} of at least ${known} matches and no next link`);
            }
            continue;
          }
          paged += 1;
          const second = await searchset(ctx, next);
          if (second === undefined) continue;
          checks.check(second.type === 'searchset', `next page of ${type}: Bundle.type is ${second.type}, expected searchset`);
          const secondIds = matchEntries(second, type).map((entry) => entry.resource?.id);
          checks.check(secondIds.length > 0, `next page of ${type} (${next}) has no match`);
          checks.check(!secondIds.some((id) => firstIds.includes(id)), `next page of ${type} (${next}) repeats a match of the first page`);
        }
        if (paged === 0 && !checks.failed) ctx.skip('no type holds two or more resources, so no search had a second page to follow');
      },
    },
    include,
  ],
});
