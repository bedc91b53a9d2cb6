/**
 * Updating a patient with JSON Patch and If-Match: components/paths/patient-patch.yaml and its sandbox
 * scenarios. Every PATCH rewrites a value unchanged (requests.ts), so no test alters a patient's data;
 * only the successful update is marked as writing, since it makes a new version.
 */
import type { TestDefinition } from '../../runner/dsl/index.js';
import { defineGroup } from '../../runner/dsl/index.js';
import { requireAccess } from './access-mode.js';
import type { PdsInputs } from './inputs.js';
import { claimsPds, expectSpineError, pdsHeaders } from './pds-checks.js';
import { currentPatient, jsonPatch, unchangedPatch } from './requests.js';

type Context = Parameters<TestDefinition<PdsInputs>['run']>[0];

/** The patient's current state and the unchanged patch for it, or a skip naming what is missing. */
async function prepare(ctx: Context): Promise<{ etag: string; version: number; body: string }> {
  requireAccess(ctx, 'update');
  const id = ctx.inputs.patientNhsNumber;
  const { patient, etag } = await currentPatient(ctx.http, ctx.expect, id);
  const patch = unchangedPatch(patient) ?? ctx.skip(`patient ${id} has neither gender nor birth date to rewrite unchanged`);
  return { etag, version: Number(/[0-9]+/.exec(etag)?.[0]), body: JSON.stringify(patch) };
}

/** Sends a PATCH of a patient with the PDS headers and `headers`. */
function patch(ctx: Context, nhsNumber: string, headers: Record<string, string>, body: string): ReturnType<Context['http']['request']> {
  return ctx.http.request({ method: 'PATCH', url: `Patient/${nhsNumber}`, headers: pdsHeaders(headers), body });
}

function patchTest(
  id: string,
  title: string,
  verifies: string,
  send: (ctx: Context, prepared: { etag: string; version: number; body: string }) => Promise<void>,
): TestDefinition<PdsInputs> {
  return {
    id,
    title,
    verifies: [verifies],
    claims: claimsPds,
    dependsOn: ['retrieve/etag'],
    run: async (ctx) => send(ctx, await prepare(ctx)),
  };
}

export const update = defineGroup<PdsInputs>({
  id: 'update',
  title: 'Update a patient (PATCH with If-Match)',
  tests: [
    {
      ...patchTest('update', 'A PATCH with the current ETag returns the updated patient and its new ETag', 'PDS-UPD-01', async (ctx, { etag, body }) => {
        const response = await patch(ctx, ctx.inputs.patientNhsNumber, { 'content-type': jsonPatch, 'if-match': etag }, body);
        ctx.expect.status(response, 200);
        const patient = ctx.expect.resource(response.json(), 'Patient');
        ctx.expect.equal(patient.id, ctx.inputs.patientNhsNumber, 'Patient.id');
        const newTag = ctx.expect.header(response, 'etag', /^W\/"[0-9]+"$/);
        ctx.expect.equal(newTag, `W/"${patient.meta?.versionId ?? ''}"`, 'the ETag against meta.versionId');
      }),
      writes: true,
    },
    patchTest('missing-if-match', 'A PATCH without If-Match gives 412 PRECONDITION_FAILED', 'PDS-UPD-02', async (ctx, { body }) => {
      const response = await patch(ctx, ctx.inputs.patientNhsNumber, { 'content-type': jsonPatch }, body);
      expectSpineError(ctx.expect, response, 412, ['PRECONDITION_FAILED']);
    }),
    patchTest('malformed-if-match', 'A PATCH with If-Match not of the form W/"<version>" gives 412 PRECONDITION_FAILED', 'PDS-UPD-02', async (ctx, { version, body }) => {
      const response = await patch(ctx, ctx.inputs.patientNhsNumber, { 'content-type': jsonPatch, 'if-match': String(version) }, body);
      expectSpineError(ctx.expect, response, 412, ['PRECONDITION_FAILED']);
    }),
    patchTest('version-mismatch', 'A PATCH with If-Match naming another version gives 409 RESOURCE_VERSION_MISMATCH', 'PDS-UPD-03', async (ctx, { version, body }) => {
      const other = version > 1 ? version - 1 : version + 1;
      const response = await patch(ctx, ctx.inputs.patientNhsNumber, { 'content-type': jsonPatch, 'if-match': `W/"${other}"` }, body);
      expectSpineError(ctx.expect, response, 409, ['RESOURCE_VERSION_MISMATCH']);
    }),
    patchTest('wrong-content-type', 'A PATCH sent as application/json gives 400', 'PDS-UPD-04', async (ctx, { etag, body }) => {
      const response = await patch(ctx, ctx.inputs.patientNhsNumber, { 'content-type': 'application/json', 'if-match': etag }, body);
      ctx.expect.status(response, 400);
      ctx.expect.resource(response.json(), 'OperationOutcome');
    }),
    patchTest('no-patches', 'A PATCH body without patches gives 400', 'PDS-UPD-05', async (ctx, { etag }) => {
      const response = await patch(ctx, ctx.inputs.patientNhsNumber, { 'content-type': jsonPatch, 'if-match': etag }, '{}');
      expectSpineError(ctx.expect, response, 400, ['INVALID_UPDATE', 'INVALID_VALUE']);
    }),
    patchTest('invalid-patches', 'A PATCH with an operation that has no path gives 400', 'PDS-UPD-05', async (ctx, { etag }) => {
      const response = await patch(ctx, ctx.inputs.patientNhsNumber, { 'content-type': jsonPatch, 'if-match': etag }, JSON.stringify({ patches: [{ op: 'replace', value: 'unknown' }] }));
      expectSpineError(ctx.expect, response, 400, ['INVALID_UPDATE', 'INVALID_VALUE']);
    }),
    patchTest('unknown-patient', 'A PATCH of an NHS number no patient has gives 404 RESOURCE_NOT_FOUND', 'PDS-UPD-06', async (ctx, { body }) => {
      const response = await patch(ctx, ctx.inputs.unknownNhsNumber, { 'content-type': jsonPatch, 'if-match': 'W/"1"' }, body);
      expectSpineError(ctx.expect, response, 404, ['RESOURCE_NOT_FOUND']);
    }),
    patchTest('invalid-nhs-number', 'A PATCH of an invalid NHS number gives 400 INVALID_RESOURCE_ID', 'PDS-UPD-07', async (ctx, { body }) => {
      const response = await patch(ctx, ctx.inputs.invalidNhsNumber, { 'content-type': jsonPatch, 'if-match': 'W/"1"' }, body);
      expectSpineError(ctx.expect, response, 400, ['INVALID_RESOURCE_ID']);
    }),
  ],
});
