import { randomUUID } from 'node:crypto';
import type { Resource } from 'fhir/r4.js';
import { defineGroup } from '../../runner/dsl/index.js';
import { claimsInteraction, createdReference, ifMatchFor, matchEntries, parseEntityTag, parseLocation, requestHeaders, resourceClaim, testResource, writeTest, writeType } from '../common/index.js';
import type { Created } from '../common/index.js';
import type { Ctx, inputs } from './spec.js';
import { checkHistory } from './versions.js';

/** create, update, version-aware update and delete on a resource each test makes and then removes. */

/**
 * Creates the test resource and reads it back, with the If-Match quoting its version; skips when the
 * create did not work (write/create's question).
 */
async function createAndRead(ctx: Ctx, created: Created): Promise<{ reference: string; resource: Resource; ifMatch: Record<string, string> }> {
  const type = writeType(ctx);
  const response = await created.create();
  const reference = createdReference(type, response);
  if (response.status !== 201 || reference === undefined) ctx.skip(`the create returned ${response.status} (see write/create)`);
  const read = await ctx.http.get(reference, { headers: requestHeaders() });
  if (read.status !== 200) ctx.skip(`the created ${reference} reads as ${read.status} (see read/read)`);
  return { reference, resource: read.json() as Resource, ifMatch: ifMatchFor(read) };
}

/** The resource with one more identifier: a change any resource type with identifiers accepts. */
function withChange(resource: Resource): Resource {
  const identifiers = (resource as { identifier?: unknown[] }).identifier ?? [];
  return { ...resource, identifier: [...identifiers, { system: 'https://assay.dev/fhir/updated', value: 'yes' }] } as Resource;
}

function versioning(ctx: Ctx, type: string): string | undefined {
  return resourceClaim(ctx.capabilities, type)?.versioning;
}

export const write = defineGroup<typeof inputs>({
  id: 'write',
  title: 'Create, update and delete (writable targets only)',
  tests: [
    writeTest<Ctx>({ id: 'create', title: 'create returns 201 with Location [base]/[type]/[id]/_history/[vid]', verifies: ['R4-REST-CREATE-01'] }, async (ctx, created) => {
        writeType(ctx);
        const response = await created.create();
        ctx.expect.status(response, 201);
        const location = ctx.expect.header(response, 'location');
        ctx.expect.that(parseLocation(location) !== undefined, `Location ${location} is not [base]/[type]/[id]/_history/[vid]`);
    }),
    writeTest<Ctx>({ id: 'create-metadata', title: 'create assigns id, versionId and lastUpdated, ignoring those sent', verifies: ['R4-REST-CREATE-02'] }, async (ctx, created) => {
        const type = writeType(ctx);
        const sent = { id: 'assay-client-chosen-id', meta: { versionId: '987654', lastUpdated: '2001-01-01T00:00:00Z' } };
        const response = await created.create({ overrides: sent });
        ctx.expect.status(response, 201);
        const reference = ctx.expect.defined(createdReference(type, response), 'the created resource (Location or body id)');
        const read = await ctx.http.get(reference, { headers: requestHeaders() });
        ctx.expect.status(read, 200);
        const resource = read.json() as Resource;
        ctx.check(resource.id !== undefined && resource.id !== sent.id, `the created resource has id ${String(resource.id)}, the server must assign its own`);
        ctx.check(
          resource.meta?.versionId !== undefined && resource.meta.versionId !== sent.meta.versionId,
          `the created resource has meta.versionId ${String(resource.meta?.versionId)}, the server must assign it`,
        );
        ctx.check(
          resource.meta?.lastUpdated !== undefined && resource.meta.lastUpdated !== sent.meta.lastUpdated,
          `the created resource has meta.lastUpdated ${String(resource.meta?.lastUpdated)}, the server must assign it`,
        );
    }),
    writeTest<Ctx>({ id: 'create-headers', title: 'create returns ETag and Last-Modified', verifies: ['R4-REST-CREATE-03'] }, async (ctx, created) => {
        writeType(ctx);
        const response = await created.create();
        ctx.expect.status(response, 201);
        ctx.check(response.headers.etag !== undefined, 'the create response has no ETag header');
        ctx.check(response.headers['last-modified'] !== undefined, 'the create response has no Last-Modified header');
    }),
    writeTest<Ctx>({ id: 'update', title: 'update returns 200 with Last-Modified and the new version in ETag', verifies: ['R4-REST-UPDATE-01'] }, async (ctx, created) => {
        writeType(ctx, 'update');
        const { reference, resource, ifMatch } = await createAndRead(ctx, created);
        const changed = withChange(resource);
        const response = await ctx.http.put(reference, { json: changed, headers: requestHeaders({ ...ifMatch }) });
        ctx.expect.status(response, 200);
        ctx.check(response.headers['last-modified'] !== undefined, `PUT ${reference}: no Last-Modified header`);
        const tag = parseEntityTag(ctx.expect.header(response, 'etag'))?.tag;
        const after = await ctx.http.get(reference, { headers: requestHeaders() });
        ctx.expect.status(after, 200);
        const versionId = (after.json() as Resource).meta?.versionId;
        ctx.check(tag === versionId, `PUT ${reference}: ETag ${response.headers.etag} is not the new versionId ${String(versionId)}`);
        ctx.check(versionId !== resource.meta?.versionId, `PUT ${reference}: meta.versionId stayed ${String(versionId)}`);
    }),
    writeTest<Ctx>({ id: 'history', title: 'The history of a resource updated once lists both versions, newest first', verifies: ['R4-REST-HISTORY-01'] }, async (ctx, created) => {
        const type = writeType(ctx, 'update');
        if (!claimsInteraction(ctx.capabilities, type, 'history-instance')) ctx.omit(`the CapabilityStatement does not claim history-instance on ${type}`);
        const { reference, resource, ifMatch } = await createAndRead(ctx, created);
        const update = await ctx.http.put(reference, { json: withChange(resource), headers: requestHeaders(ifMatch) });
        if (update.status !== 200) ctx.skip(`the update returned ${update.status} (see write/update)`);
        const path = `${reference}/_history`;
        const response = await ctx.http.get(path, { headers: requestHeaders() });
        ctx.expect.status(response, 200);
        const bundle = ctx.expect.resource(response.json(), 'Bundle');
        ctx.expect.that((bundle.entry ?? []).length >= 2, `history ${path} lists ${(bundle.entry ?? []).length} versions after a create and an update`);
        checkHistory(bundle, path, (ok, message) => ctx.check(ok, message));
    }),
    writeTest<Ctx>({ id: 'update-id-mismatch', title: 'update with a missing or different id in the body gets 400', verifies: ['R4-REST-UPDATE-02'] }, async (ctx, created) => {
        const type = writeType(ctx, 'update');
        const { reference, resource, ifMatch } = await createAndRead(ctx, created);
        const otherId = 'assay-other-id';
        for (const [what, body] of [
          ['a different id', { ...resource, id: otherId }],
          ['no id', { ...resource, id: undefined }],
        ] as const) {
          // Quote the current version, so a server requiring If-Match judges the id, not the header.
          const response = await ctx.http.put(reference, { json: body, headers: requestHeaders(ifMatch) });
          if (response.status < 300) created.add(`${type}/${otherId}`);
          ctx.check(response.status === 400, `PUT ${reference} with ${what} in the body returned ${response.status}, expected 400`);
        }
    }),
    writeTest<Ctx>({ id: 'update-create', title: 'update to a new client-chosen id creates the resource with 201', verifies: ['R4-REST-UPDATE-03'] }, async (ctx, created) => {
        const type = writeType(ctx, 'update');
        if (resourceClaim(ctx.capabilities, type)?.updateCreate !== true) ctx.omit(`the CapabilityStatement does not claim updateCreate on ${type}`);
        const reference = `${type}/assay-${randomUUID()}`;
        const resource = { ...testResource(ctx, randomUUID()), id: reference.split('/')[1] };
        created.add(reference);
        const response = await ctx.http.put(reference, { json: resource, headers: requestHeaders() });
        ctx.expect.status(response, 201);
    }),
    writeTest<Ctx>({ id: 'version-conflict', title: 'update with a stale If-Match gets 412 and changes nothing', verifies: ['R4-REST-VERSION-01'] }, async (ctx, created) => {
        const type = writeType(ctx, 'update');
        if (versioning(ctx, type) !== 'versioned-update') ctx.omit(`the CapabilityStatement does not claim versioning versioned-update on ${type}`);
        const { reference, resource } = await createAndRead(ctx, created);
        const stale = resource.meta?.versionId ?? ctx.skip(`the created ${reference} carries no meta.versionId`);
        const first = await ctx.http.put(reference, { json: resource, headers: requestHeaders({ 'if-match': `W/"${stale}"` }) });
        if (first.status !== 200) ctx.skip(`a version-aware update quoting the current version returned ${first.status} (see write/update)`);
        const response = await ctx.http.put(reference, { json: resource, headers: requestHeaders({ 'if-match': `W/"${stale}"` }) });
        ctx.expect.status(response, 412);
    }),
    writeTest<Ctx>({ id: 'delete', title: 'delete returns 200, 202 or 204 and the resource leaves search', verifies: ['R4-REST-DELETE-01'] }, async (ctx, created) => {
        const type = writeType(ctx);
        const { reference, resource } = await createAndRead(ctx, created);
        const response = await ctx.http.delete(reference, { headers: requestHeaders() });
        ctx.expect.status(response, [200, 202, 204]);
        const search = await ctx.http.get(`${type}?_id=${encodeURIComponent(resource.id ?? '')}`, { headers: requestHeaders() });
        if (search.status !== 200) {
          ctx.note(`search ${type}?_id=${String(resource.id)} returned ${search.status}; whether the deleted resource leaves search was not checked`);
          return;
        }
        const bundle = ctx.expect.resource(search.json(), 'Bundle');
        ctx.check(!matchEntries(bundle, type).some((entry) => entry.resource?.id === resource.id), `search ${type}?_id=${String(resource.id)} still finds the deleted ${reference}`);
    }),
    writeTest<Ctx>({ id: 'read-after-delete', title: 'Reading a deleted resource returns 410 Gone', verifies: ['R4-REST-DELETE-02'] }, async (ctx, created) => {
        const type = writeType(ctx);
        const { reference } = await createAndRead(ctx, created);
        const deletion = await ctx.http.delete(reference, { headers: requestHeaders() });
        if (deletion.status >= 300) ctx.skip(`DELETE ${reference} returned ${deletion.status} (see write/delete)`);
        const response = await ctx.http.get(reference, { headers: requestHeaders() });
        const untracked = versioning(ctx, type) === 'no-version';
        ctx.expect.status(response, untracked ? [410, 404] : 410);
    }),
  ],
});
