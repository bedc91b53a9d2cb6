/**
 * Request and response headers (personal-demographics.yaml, components/parameters): X-Request-ID is
 * required and a UUID, and is mirrored back with X-Correlation-ID. Every endpoint's "Missing X-Request-ID"
 * and "Invalid X-Request-ID" sandbox scenarios are here, one test each.
 */
import { randomUUID } from 'node:crypto';
import type { HttpRequest, TestContext, TestDefinition } from '../../runner/dsl/index.js';
import { defineGroup } from '../../runner/dsl/index.js';
import { type LimitedOperation, requireAccess } from './access-mode.js';
import type { PdsInputs } from './inputs.js';
import { claimsPds, expectSpineError, pdsHeaders } from './pds-checks.js';
import { coverageRequest, createRequest, currentPatient, ehicCardNumber, jsonPatch, unchangedPatch } from './requests.js';

interface Endpoint {
  readonly id: string;
  readonly title: string;
  readonly access?: LimitedOperation;
  readonly writes?: boolean;
  readonly dependsOn?: readonly string[];
  /** The request to send; the test sets its X-Request-ID. */
  request(ctx: TestContext<PdsInputs>): HttpRequest | Promise<HttpRequest>;
}

const endpoints: readonly Endpoint[] = [
  { id: 'retrieve', title: 'retrieving a patient', request: ({ inputs }) => ({ url: `Patient/${inputs.patientNhsNumber}` }) },
  { id: 'search', title: 'searching', access: 'search', request: ({ inputs }) => ({ url: `Patient?${inputs.searchBasic}` }) },
  {
    id: 'update',
    title: 'updating a patient',
    access: 'update',
    dependsOn: ['retrieve/etag'],
    request: async (ctx) => {
      const inputs = ctx.inputs;
      const { patient, etag } = await currentPatient(ctx.http, ctx.expect, inputs.patientNhsNumber);
      const patch = unchangedPatch(patient) ?? ctx.skip(`patient ${inputs.patientNhsNumber} has neither gender nor birth date to rewrite unchanged`);
      return { method: 'PATCH', url: `Patient/${inputs.patientNhsNumber}`, body: JSON.stringify(patch), headers: { 'content-type': jsonPatch, 'if-match': etag } };
    },
  },
  { id: 'related-person', title: "getting a patient's related people", request: ({ inputs }) => ({ url: `Patient/${inputs.patientNhsNumber}/RelatedPerson` }) },
  {
    id: 'create',
    title: 'creating a patient',
    access: 'create',
    writes: true,
    request: ({ inputs }) => ({
      method: 'POST',
      url: 'Patient',
      body: JSON.stringify(createRequest(inputs.createNewFamily, 'Jane', 'LS1 6AE')),
      headers: { 'content-type': 'application/json' },
    }),
  },
  { id: 'coverage', title: "getting a patient's coverage", access: 'coverage', request: ({ inputs }) => ({ url: `Coverage?subscriber:identifier=${inputs.coverageNhsNumber}` }) },
  {
    id: 'coverage-update',
    title: "updating a patient's coverage",
    access: 'coverage',
    writes: true,
    request: ({ inputs }) => ({
      method: 'POST',
      url: 'Coverage',
      body: JSON.stringify(coverageRequest(inputs.coverageNhsNumber, ehicCardNumber)),
      headers: { 'content-type': 'application/json', 'if-match': 'W/"2"' },
    }),
  },
];

/** The spec gives an "Invalid X-Request-ID" scenario for these endpoints, and we add retrieval. */
const invalidIdEndpoints = new Set(['retrieve', 'create', 'coverage', 'coverage-update']);

function headerTest(endpoint: Endpoint, requestId: 'missing' | 'invalid'): TestDefinition<PdsInputs> {
  return {
    id: `${requestId}-request-id-${endpoint.id}`,
    title: `${requestId === 'missing' ? 'Without' : 'With a malformed'} X-Request-ID, ${endpoint.title} gives 400 ${requestId === 'missing' ? 'MISSING_VALUE' : 'INVALID_VALUE'}`,
    verifies: [requestId === 'missing' ? 'PDS-HDR-01' : 'PDS-HDR-02'],
    claims: claimsPds,
    ...(endpoint.writes === true ? { writes: true } : {}),
    ...(endpoint.dependsOn === undefined ? {} : { dependsOn: endpoint.dependsOn }),
    run: async (ctx) => {
      if (endpoint.access !== undefined) requireAccess(ctx, endpoint.access);
      const request = await endpoint.request(ctx);
      const { 'x-request-id': _fresh, ...headers } = pdsHeaders(request.headers);
      const response = await ctx.http.request({ ...request, headers: requestId === 'missing' ? headers : { ...headers, 'x-request-id': '1234' } });
      expectSpineError(ctx.expect, response, 400, [requestId === 'missing' ? 'MISSING_VALUE' : 'INVALID_VALUE']);
    },
  };
}

export const headers = defineGroup<PdsInputs>({
  id: 'headers',
  title: 'Request and response headers',
  tests: [
    {
      id: 'request-id-mirrored',
      title: 'The X-Request-ID of a request comes back in the response',
      verifies: ['PDS-HDR-03'],
      claims: claimsPds,
      run: async (ctx) => {
        const requestId = randomUUID();
        const response = await ctx.http.get(`Patient/${ctx.inputs.patientNhsNumber}`, { headers: pdsHeaders({ 'x-request-id': requestId }) });
        const mirrored = ctx.expect.header(response, 'x-request-id');
        ctx.expect.equal(mirrored.toLowerCase(), requestId, 'the X-Request-ID response header');
      },
    },
    {
      id: 'correlation-id-mirrored',
      title: 'The X-Correlation-ID of a request comes back in the response',
      verifies: ['PDS-HDR-04'],
      claims: claimsPds,
      run: async (ctx) => {
        const correlationId = randomUUID();
        const response = await ctx.http.get(`Patient/${ctx.inputs.patientNhsNumber}`, { headers: pdsHeaders({ 'x-correlation-id': correlationId }) });
        ctx.expect.equal(ctx.expect.header(response, 'x-correlation-id').toLowerCase(), correlationId, 'the X-Correlation-ID response header');
      },
    },
    {
      id: 'fhir-json',
      title: 'A patient and an error are both served as application/fhir+json',
      verifies: ['PDS-HDR-05'],
      claims: claimsPds,
      run: async (ctx) => {
        for (const id of [ctx.inputs.patientNhsNumber, ctx.inputs.invalidNhsNumber]) {
          const response = await ctx.http.get(`Patient/${id}`, { headers: pdsHeaders() });
          ctx.expect.header(response, 'content-type', /^application\/fhir\+json(;|$)/);
        }
      },
    },
    ...endpoints.map((endpoint) => headerTest(endpoint, 'missing')),
    ...endpoints.filter((endpoint) => invalidIdEndpoints.has(endpoint.id)).map((endpoint) => headerTest(endpoint, 'invalid')),
  ],
});
