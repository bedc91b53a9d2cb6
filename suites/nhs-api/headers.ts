import { randomUUID } from 'node:crypto';
import { defineGroup } from '../../runner/dsl/index.js';
import { parseMediaType, requestHeaders } from '../common/index.js';
import { fhirJson, readPath, unknownPath } from './exchange.js';
import type { Ctx, inputs } from './spec.js';

/** Request tracing headers (X-Request-ID, X-Correlation-ID) and the FHIR JSON media type. */

/** A successful read and an error, each sent with `headers`: the two answers every mirror test checks. */
async function readAndError(ctx: Ctx, headers: Readonly<Record<string, string>>) {
  const path = await readPath(ctx);
  const unknown = unknownPath(ctx, path);
  return [
    { what: `GET ${path}`, response: await ctx.http.get(path, { headers: requestHeaders(headers) }) },
    { what: `GET ${unknown} (unknown resource)`, response: await ctx.http.get(unknown, { headers: requestHeaders(headers) }) },
  ];
}

export const headers = defineGroup<typeof inputs>({
  id: 'headers',
  title: 'Request headers and media type',
  tests: [
    {
      id: 'request-id-required',
      title: 'A request without X-Request-ID is rejected with 400',
      verifies: ['NHS-API-HDR-01'],
      run: async (ctx) => {
        const path = await readPath(ctx);
        const response = await ctx.http.get(path, { headers: { accept: fhirJson } });
        ctx.expect.status(response, 400);
      },
    },
    {
      id: 'request-id-uuid',
      title: 'A malformed X-Request-ID is rejected with 400',
      verifies: ['NHS-API-HDR-02'],
      run: async (ctx) => {
        const path = await readPath(ctx);
        const response = await ctx.http.get(path, { headers: requestHeaders({ 'x-request-id': 'not-a-uuid' }) });
        ctx.expect.status(response, 400);
      },
    },
    {
      id: 'request-id-mirrored',
      title: 'X-Request-ID is mirrored back on success and on error',
      verifies: ['NHS-API-HDR-03'],
      run: async (ctx) => {
        const requestId = randomUUID();
        for (const { what, response } of await readAndError(ctx, { 'x-request-id': requestId })) {
          const mirrored = response.headers['x-request-id'];
          ctx.check(mirrored === requestId, `${what} (${response.status}): X-Request-ID came back as ${mirrored ?? '(absent)'}, sent ${requestId}`);
        }
      },
    },
    {
      id: 'correlation-id-mirrored',
      title: 'X-Correlation-ID is mirrored back on success and on error',
      verifies: ['NHS-API-HDR-04'],
      run: async (ctx) => {
        const correlationId = `assay-${randomUUID()}`;
        for (const { what, response } of await readAndError(ctx, { 'x-correlation-id': correlationId })) {
          const mirrored = response.headers['x-correlation-id'];
          ctx.check(mirrored === correlationId, `${what} (${response.status}): X-Correlation-ID came back as ${mirrored ?? '(absent)'}, sent ${correlationId}`);
        }
      },
    },
    {
      id: 'fhir-json',
      title: 'Responses, success and error, are application/fhir+json',
      verifies: ['NHS-API-CT-01'],
      run: async (ctx) => {
        for (const { what, response } of await readAndError(ctx, {})) {
          const type = response.headers['content-type'];
          ctx.check(parseMediaType(type ?? '')?.essence === fhirJson, `${what} (${response.status}): Content-Type is ${type ?? '(none)'}, expected ${fhirJson}`);
        }
      },
    },
  ],
});
