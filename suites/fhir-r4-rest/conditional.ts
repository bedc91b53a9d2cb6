import { randomUUID } from 'node:crypto';
import type { Resource } from 'fhir/r4.js';
import type { HttpResponse } from '../../runner/dsl/index.js';
import { defineGroup } from '../../runner/dsl/index.js';
import { claimsConditional, createdReference, ifMatchFor, declaredSearchParams, markerSystem, matchEntries, requestHeaders, testResource, writeTest, writeType } from '../common/index.js';
import type { Ctx, inputs } from './spec.js';

/**
 * Conditional create, update and delete, matching the resources a test creates by their Assay marker
 * identifier. Each test applies only when the type declares the conditional interaction and the
 * identifier search parameter the match relies on.
 */

function conditionalType(ctx: Ctx, what: 'conditionalCreate' | 'conditionalUpdate' | 'conditionalDelete', ...needed: ('update' | 'search-type')[]): string {
  const type = writeType(ctx, ...needed);
  if (!claimsConditional(ctx, type, what)) ctx.omit(`the CapabilityStatement does not claim ${what} on ${type}`);
  if (!declaredSearchParams(ctx.capabilities, type).some((param) => param.name === 'identifier')) {
    ctx.omit(`the CapabilityStatement declares no identifier search parameter on ${type} to match by`);
  }
  return type;
}

const criteria = (marker: string) => `identifier=${encodeURIComponent(`${markerSystem}|${marker}`)}`;

/** Creates a marked resource; skips when the create did not work (write/create's question). */
async function createMarked(ctx: Ctx, create: () => Promise<HttpResponse>): Promise<HttpResponse> {
  const response = await create();
  if (response.status !== 201) ctx.skip(`the create returned ${response.status} (see write/create)`);
  return response;
}

export const conditional = defineGroup<typeof inputs>({
  id: 'conditional',
  title: 'Conditional create, update and delete (writable targets only)',
  tests: [
    writeTest<Ctx>({ id: 'create', title: 'Conditional create matching one resource returns 200 and creates nothing', verifies: ['R4-REST-CCREATE-01'] }, async (ctx, created) => {
        const type = conditionalType(ctx, 'conditionalCreate', 'search-type');
        const marker = randomUUID();
        await createMarked(ctx, () => created.create({ marker }));
        const response = await created.create({ marker, headers: { 'if-none-exist': criteria(marker) } });
        ctx.expect.status(response, 200);
        const search = await ctx.http.get(`${type}?${criteria(marker)}`, { headers: requestHeaders() });
        ctx.expect.status(search, 200);
        const matches = matchEntries(ctx.expect.resource(search.json(), 'Bundle'), type).length;
        ctx.check(matches === 1, `after the conditional create, ${matches} resources carry the marker, expected 1`);
    }),
    writeTest<Ctx>({ id: 'update', title: 'Conditional update matching one resource updates it', verifies: ['R4-REST-CUPDATE-01'] }, async (ctx, created) => {
        const type = conditionalType(ctx, 'conditionalUpdate', 'update');
        const marker = randomUUID();
        const first = await created.create({ marker });
        if (first.status !== 201) ctx.skip(`the create returned ${first.status} (see write/create)`);
        const reference = ctx.expect.defined(createdReference(type, first), 'the created resource (Location or body id)');
        const body = { ...testResource(ctx, marker), active: false };
        // A server may require If-Match on every update (R4 #concurrency): quote the matching resource's version.
        const response = await ctx.http.put(`${type}?${criteria(marker)}`, { json: body, headers: requestHeaders(ifMatchFor(first)) });
        created.add(createdReference(type, response));
        ctx.expect.status(response, 200);
        const read = await ctx.http.get(reference, { headers: requestHeaders() });
        ctx.expect.status(read, 200);
        ctx.check((read.json() as Resource & { active?: boolean }).active === false, `the conditional update did not change ${reference}`);
    }),
    writeTest<Ctx>({ id: 'update-multiple', title: 'Conditional update matching two resources gets 412', verifies: ['R4-REST-CUPDATE-02'] }, async (ctx, created) => {
        const type = conditionalType(ctx, 'conditionalUpdate', 'update');
        const marker = randomUUID();
        const first = await createMarked(ctx, () => created.create({ marker }));
        await createMarked(ctx, () => created.create({ marker }));
        const response = await ctx.http.put(`${type}?${criteria(marker)}`, { json: testResource(ctx, marker), headers: requestHeaders(ifMatchFor(first)) });
        created.add(createdReference(type, response));
        ctx.expect.status(response, 412);
    }),
    writeTest<Ctx>({ id: 'delete', title: 'Conditional delete matching one resource deletes it', verifies: ['R4-REST-CDELETE-01'] }, async (ctx, created) => {
        const type = conditionalType(ctx, 'conditionalDelete');
        const marker = randomUUID();
        const first = await created.create({ marker });
        if (first.status !== 201) ctx.skip(`the create returned ${first.status} (see write/create)`);
        const reference = ctx.expect.defined(createdReference(type, first), 'the created resource (Location or body id)');
        const response = await ctx.http.delete(`${type}?${criteria(marker)}`, { headers: requestHeaders() });
        ctx.expect.status(response, [200, 202, 204]);
        const read = await ctx.http.get(reference, { headers: requestHeaders() });
        ctx.expect.status(read, [404, 410]);
    }),
  ],
});
