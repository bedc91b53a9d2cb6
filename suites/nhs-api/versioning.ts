import type { Resource } from 'fhir/r4.js';
import { defineGroup } from '../../runner/dsl/index.js';
import { createdReference, ifMatchFor, requestHeaders, writeTest, writeType } from '../common/index.js';
import type { Created } from '../common/index.js';
import { readPath } from './exchange.js';
import type { Ctx, inputs } from './spec.js';

/** ETag W/"n" on retrieval and If-Match on update (409 or 412 for a stale or missing version). */

/**
 * Creates the test resource and reads it back, with the If-Match quoting its version (its ETag, else
 * its meta.versionId: a missing ETag is versioning/etag's finding); skips when that does not work.
 */
async function createAndRead(ctx: Ctx, created: Created) {
  const type = writeType(ctx, 'update');
  const response = await created.create();
  const reference = createdReference(type, response);
  if (response.status !== 201 || reference === undefined) ctx.skip(`creating the test ${type} returned ${response.status}`);
  const read = await ctx.http.get(reference, { headers: requestHeaders() });
  if (read.status !== 200) ctx.skip(`the created ${reference} reads as ${read.status}`);
  const ifMatch = ifMatchFor(read);
  if (ifMatch['if-match'] === undefined) ctx.skip(`the created ${reference} shows no version (no ETag, no meta.versionId)`);
  return { reference, resource: read.json() as Resource, ifMatch };
}

export const versioning = defineGroup<typeof inputs>({
  id: 'versioning',
  title: 'ETag and If-Match',
  tests: [
    {
      id: 'etag',
      title: 'A retrieval returns ETag W/"<version>" matching meta.versionId',
      verifies: ['NHS-API-ETAG-01'],
      run: async (ctx) => {
        const path = await readPath(ctx);
        const response = await ctx.http.get(path, { headers: requestHeaders() });
        ctx.expect.status(response, 200);
        const etag = ctx.expect.header(response, 'etag');
        const version = /^W\/"([0-9]+)"$/.exec(etag)?.[1];
        ctx.expect.that(version !== undefined, `GET ${path}: ETag ${etag} is not W/"<digits>"`);
        const versionId = (response.json() as Resource).meta?.versionId;
        ctx.expect.that(version === versionId, `GET ${path}: ETag ${etag} does not match meta.versionId ${versionId ?? '(absent)'}`);
      },
    },
    writeTest<Ctx>(
      { id: 'stale-if-match', title: 'An update quoting a stale version gets 409 or 412 and changes nothing', verifies: ['NHS-API-IFMATCH-01'] },
      async (ctx, created) => {
        const { reference, resource, ifMatch } = await createAndRead(ctx, created);
        const first = await ctx.http.put(reference, { json: resource, headers: requestHeaders(ifMatch) });
        if (first.status !== 200) ctx.skip(`an update quoting the current version (${ifMatch['if-match']}) returned ${first.status}`);
        const current = await ctx.http.get(reference, { headers: requestHeaders() });
        const version = (current.json() as Resource).meta?.versionId;
        const response = await ctx.http.put(reference, { json: resource, headers: requestHeaders(ifMatch) });
        ctx.expect.status(response, [409, 412]);
        const after = await ctx.http.get(reference, { headers: requestHeaders() });
        ctx.expect.status(after, 200);
        ctx.expect.equal((after.json() as Resource).meta?.versionId, version, `meta.versionId of ${reference} after the rejected update`);
      },
    ),
    writeTest<Ctx>({ id: 'if-match-required', title: 'An update without If-Match gets 412', verifies: ['NHS-API-IFMATCH-02'] }, async (ctx, created) => {
      const { reference, resource } = await createAndRead(ctx, created);
      const response = await ctx.http.put(reference, { json: resource, headers: requestHeaders() });
      ctx.expect.status(response, 412);
    }),
  ],
});
