import { defineGroup } from '../../runner/dsl/index.js';
import { requestHeaders, serverRest } from '../common/index.js';
import type { Ctx, inputs } from './spec.js';

/** The capabilities interaction: every other test is driven by what this statement claims. */

async function fetchCapabilities(ctx: Ctx) {
  const response = await ctx.http.get('metadata', { headers: requestHeaders() });
  ctx.expect.status(response, 200);
  return { response, statement: ctx.expect.resource(response.json(), 'CapabilityStatement') };
}

export const capabilities = defineGroup<typeof inputs>({
  id: 'capabilities',
  title: 'Capability statement',
  tests: [
    {
      id: 'metadata',
      title: 'GET [base]/metadata returns a CapabilityStatement',
      verifies: ['R4-REST-CAP-01'],
      run: async (ctx) => {
        await fetchCapabilities(ctx);
      },
    },
    {
      id: 'valid',
      title: 'The CapabilityStatement is a valid R4 statement of a server',
      verifies: ['R4-REST-CAP-02'],
      run: async (ctx) => {
        const { statement } = await fetchCapabilities(ctx);
        await ctx.validate(statement);
        ctx.expect.match(statement.fhirVersion, /^4\.0\.\d+$/, 'CapabilityStatement.fhirVersion');
        ctx.expect.defined(serverRest(statement), "CapabilityStatement.rest with mode 'server'");
      },
    },
    {
      id: 'etag',
      title: 'The CapabilityStatement comes with an ETag',
      verifies: ['R4-REST-CAP-03'],
      run: async (ctx) => {
        const { response } = await fetchCapabilities(ctx);
        ctx.expect.header(response, 'etag');
      },
    },
  ],
});
