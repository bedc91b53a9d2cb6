/** Retrieving a patient by NHS number: components/paths/patient-get.yaml and its sandbox scenarios. */
import { defineGroup } from '../../runner/dsl/index.js';
import type { PdsInputs } from './inputs.js';
import { claimsPds, expectSpineError, isRestricted, locationShown, pdsHeaders } from './pds-checks.js';

export const retrieve = defineGroup<PdsInputs>({
  id: 'retrieve',
  title: 'Retrieve a patient by NHS number',
  tests: [
    {
      id: 'patient-exists',
      title: 'A patient that exists is returned with its NHS number as id',
      verifies: ['PDS-RET-01'],
      claims: claimsPds,
      run: async (ctx) => {
        const id = ctx.inputs.patientNhsNumber;
        const response = await ctx.http.get(`Patient/${id}`, { headers: pdsHeaders() });
        ctx.expect.status(response, 200);
        const patient = ctx.expect.resource(response.json(), 'Patient');
        ctx.expect.equal(patient.id, id, 'Patient.id');
      },
    },
    {
      id: 'etag',
      title: 'A retrieved patient has an ETag W/"<version>" equal to meta.versionId',
      verifies: ['PDS-RET-02'],
      claims: claimsPds,
      run: async (ctx) => {
        const response = await ctx.http.get(`Patient/${ctx.inputs.patientNhsNumber}`, { headers: pdsHeaders() });
        ctx.expect.status(response, 200);
        const etag = ctx.expect.header(response, 'etag', /^W\/"[0-9]+"$/);
        const patient = ctx.expect.resource(response.json(), 'Patient');
        ctx.expect.equal(etag, `W/"${patient.meta?.versionId ?? ''}"`, 'the ETag against meta.versionId');
      },
    },
    {
      id: 'minimal-patient',
      title: 'A patient with minimal data is returned',
      verifies: ['PDS-RET-01'],
      claims: claimsPds,
      run: async (ctx) => {
        const id = ctx.inputs.minimalNhsNumber;
        const response = await ctx.http.get(`Patient/${id}`, { headers: pdsHeaders() });
        ctx.expect.status(response, 200);
        ctx.expect.equal(ctx.expect.resource(response.json(), 'Patient').id, id, 'Patient.id');
      },
    },
    {
      id: 'restricted-patient',
      title: 'A restricted patient is returned without its address, telecom, contacts, practice and pharmacies',
      verifies: ['PDS-RET-03'],
      claims: claimsPds,
      run: async (ctx) => {
        const response = await ctx.http.get(`Patient/${ctx.inputs.restrictedNhsNumber}`, { headers: pdsHeaders() });
        ctx.expect.status(response, 200);
        const patient = ctx.expect.resource(response.json(), 'Patient');
        ctx.expect.that(isRestricted(patient), `patient ${ctx.inputs.restrictedNhsNumber} is flagged R (restricted) in meta.security`);
        const shown = locationShown(patient, ['address', 'telecom', 'contact', 'generalPractitioner'], true);
        ctx.expect.that(shown.length === 0, `a restricted patient shows no location data; it shows ${shown.join(', ')}`);
      },
    },
    {
      id: 'unknown-patient',
      title: 'An NHS number no patient has gives 404 RESOURCE_NOT_FOUND',
      verifies: ['PDS-RET-04'],
      claims: claimsPds,
      run: async (ctx) => {
        const response = await ctx.http.get(`Patient/${ctx.inputs.unknownNhsNumber}`, { headers: pdsHeaders() });
        expectSpineError(ctx.expect, response, 404, ['RESOURCE_NOT_FOUND']);
      },
    },
    {
      id: 'invalid-nhs-number',
      title: 'An invalid NHS number gives 400 INVALID_RESOURCE_ID',
      verifies: ['PDS-RET-05'],
      claims: claimsPds,
      run: async (ctx) => {
        const response = await ctx.http.get(`Patient/${ctx.inputs.invalidNhsNumber}`, { headers: pdsHeaders() });
        expectSpineError(ctx.expect, response, 400, ['INVALID_RESOURCE_ID']);
      },
    },
  ],
});
