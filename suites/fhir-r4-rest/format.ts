import { randomUUID } from 'node:crypto';
import type { HttpResponse } from '../../runner/dsl/index.js';
import { defineGroup } from '../../runner/dsl/index.js';
import { parseMediaType, requestHeaders, resourceTypeOf } from '../common/index.js';
import { typesClaiming, typesInScope } from './scope.js';
import { fhirJson } from './spec.js';
import type { Ctx, inputs } from './spec.js';

/** Content negotiation (Accept, _format, 406, 415) and errors carried as OperationOutcome. */

/** Responses to negotiate on: the capabilities and, when one is claimed, a search. */
async function jsonResponses(ctx: Ctx): Promise<{ what: string; response: HttpResponse }[]> {
  const paths = ['metadata', ...typesInScope(ctx, 'search-type').slice(0, 1).map((type) => `${type}?_count=1`)];
  const responses = [];
  for (const path of paths) responses.push({ what: `GET ${path}`, response: await ctx.http.get(path, { headers: requestHeaders() }) });
  return responses;
}

export const format = defineGroup<typeof inputs>({
  id: 'format',
  title: 'Content negotiation and errors',
  tests: [
    {
      id: 'content-type',
      title: 'Accept: application/fhir+json gets Content-Type application/fhir+json',
      verifies: ['R4-REST-FMT-01'],
      run: async (ctx) => {
        for (const { what, response } of await jsonResponses(ctx)) {
          const type = response.headers['content-type'];
          ctx.check(parseMediaType(type ?? '')?.essence === fhirJson, `${what}: Content-Type is ${type ?? '(none)'}, expected ${fhirJson}`);
        }
      },
    },
    {
      id: 'charset',
      title: 'Responses declare charset=utf-8',
      verifies: ['R4-REST-FMT-02'],
      run: async (ctx) => {
        for (const { what, response } of await jsonResponses(ctx)) {
          const type = response.headers['content-type'];
          const charset = parseMediaType(type ?? '')?.parameters.charset;
          ctx.check(charset?.toLowerCase() === 'utf-8', `${what}: Content-Type ${type ?? '(none)'} does not set charset=utf-8`);
        }
      },
    },
    {
      id: 'format-parameter',
      title: '_format=json overrides Accept',
      verifies: ['R4-REST-FMT-03'],
      run: async (ctx) => {
        for (const value of ['json', 'application/fhir+json']) {
          const path = `metadata?_format=${encodeURIComponent(value)}`;
          const response = await ctx.http.get(path, { headers: requestHeaders({ accept: 'application/fhir+xml' }) });
          if (!ctx.check(response.status === 200, `GET ${path} with Accept: application/fhir+xml returned ${response.status}, expected 200`)) continue;
          const essence = parseMediaType(response.headers['content-type'] ?? '')?.essence;
          ctx.check(
            essence === fhirJson || essence === 'application/json',
            `GET ${path} with Accept: application/fhir+xml: Content-Type is ${response.headers['content-type'] ?? '(none)'}, expected JSON`,
          );
        }
      },
    },
    {
      id: 'not-acceptable',
      title: 'An Accept the server cannot meet gets 406',
      verifies: ['R4-REST-FMT-04'],
      run: async (ctx) => {
        const response = await ctx.http.get('metadata', { headers: requestHeaders({ accept: 'application/x-assay-unsupported' }) });
        ctx.expect.status(response, 406);
      },
    },
    {
      id: 'unsupported-media-type',
      title: 'A request body in an unsupported format gets 415',
      verifies: ['R4-REST-FMT-05'],
      run: async (ctx) => {
        const [type] = typesClaiming(ctx, 'create');
        // A body no parser can turn into a resource: the probe cannot create anything, even on a target not declared writable.
        const response = await ctx.http.post(type ?? '', {
          headers: requestHeaders({ 'content-type': 'application/x-assay-unsupported' }),
          body: 'assay=unsupported',
        });
        ctx.expect.status(response, 415);
      },
    },
    {
      id: 'operation-outcome',
      title: 'Errors carry an OperationOutcome',
      verifies: ['R4-REST-ERR-01'],
      run: async (ctx) => {
        const [type] = typesClaiming(ctx, 'read');
        const paths = [`${type ?? ''}/assay-unknown-${randomUUID()}`, `AssayUnknownType/${randomUUID()}`];
        let errors = 0;
        for (const path of paths) {
          const response = await ctx.http.get(path, { headers: requestHeaders() });
          if (response.status < 400) {
            ctx.note(`GET ${path} returned ${response.status}, not an error; left out`);
            continue;
          }
          errors += 1;
          ctx.check(resourceTypeOf(response) === 'OperationOutcome', `GET ${path} returned ${response.status} without an OperationOutcome body`);
        }
        if (errors === 0) ctx.skip('no request for an unknown resource got an error response to examine');
      },
    },
  ],
});
