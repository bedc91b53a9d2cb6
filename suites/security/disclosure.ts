import { randomUUID } from 'node:crypto';
import type { HttpResponse } from '../../runner/dsl/index.js';
import { defineGroup } from '../../runner/dsl/index.js';
import { claimedTypes, requestHeaders } from '../common/index.js';
import { leaksIn } from './leaks.js';
import { fhirJson } from './spec.js';
import type { Ctx, inputs, outputs } from './spec.js';

/** What the server gives away: internals in error bodies and headers, and credentialed CORS. */

interface Probe {
  readonly what: string;
  readonly response: HttpResponse;
}

/** A handful of malformed requests, each of which should get a plain error; none can change data. */
async function errorProbes(ctx: Ctx): Promise<Probe[]> {
  const type = claimedTypes(ctx.capabilities, 'search-type')[0] ?? 'Patient';
  const requests: { what: string; send: () => Promise<HttpResponse> }[] = [
    { what: `GET ${type}/<unknown id>`, send: () => ctx.http.get(`${type}/assay-unknown-${randomUUID()}`, { headers: requestHeaders() }) },
    { what: 'GET an unknown resource type', send: () => ctx.http.get(`AssayUnknownType/${randomUUID()}`, { headers: requestHeaders() }) },
    { what: `GET ${type}?_count=<not a number>`, send: () => ctx.http.get(`${type}?_count=assay%27%22`, { headers: requestHeaders() }) },
    { what: `GET ${type}/<300-character id>`, send: () => ctx.http.get(`${type}/${'x'.repeat(300)}`, { headers: requestHeaders() }) },
    {
      // Truncated JSON cannot be parsed, so nothing can be created from it.
      what: `POST ${type} with malformed JSON`,
      send: () => ctx.http.post(type, { body: '{"resourceType": "' + type + '", "id": ', headers: requestHeaders({ 'content-type': fhirJson }) }),
    },
  ];
  const probes = [];
  for (const request of requests) probes.push({ what: request.what, response: await request.send() });
  return probes;
}

const versionHeaders = ['server', 'x-powered-by', 'x-aspnet-version', 'x-aspnetmvc-version'];
const probeOrigin = 'https://assay-cors-probe.invalid';

export const disclosure = defineGroup<typeof inputs, typeof outputs>({
  id: 'disclosure',
  title: 'Information disclosure',
  tests: [
    {
      id: 'error-bodies',
      title: 'Error responses leak no stack traces or server internals',
      verifies: ['SEC-LEAK-01'],
      run: async (ctx) => {
        let errors = 0;
        for (const { what, response } of await errorProbes(ctx)) {
          if (response.status < 400) continue;
          errors += 1;
          const leaks = leaksIn(response.text);
          ctx.check(leaks.length === 0, `${what} (${response.status}): the body shows ${leaks.join(', ')}`);
        }
        if (errors === 0) ctx.skip('none of the malformed requests got an error response to examine');
      },
    },
    {
      id: 'version-headers',
      title: 'Headers name no component versions',
      verifies: ['SEC-LEAK-02'],
      run: async (ctx) => {
        const responses = [{ what: 'GET metadata', response: await ctx.http.get('metadata', { headers: requestHeaders() }) }, ...(await errorProbes(ctx))];
        for (const { what, response } of responses) {
          for (const name of versionHeaders) {
            const value = response.headers[name];
            if (value === undefined) continue;
            ctx.check(!/\d+\.\d+/.test(value) && name !== 'x-aspnet-version' && name !== 'x-aspnetmvc-version', `${what}: ${name}: ${value} names a version`);
          }
        }
      },
    },
    {
      id: 'cors',
      title: 'CORS never grants credentialed access to any origin',
      verifies: ['SEC-CORS-01'],
      run: async (ctx) => {
        const requests = [
          { what: `GET metadata from Origin ${probeOrigin}`, origin: probeOrigin, send: () => ctx.http.get('metadata', { headers: requestHeaders({ origin: probeOrigin }) }) },
          { what: 'GET metadata from Origin null', origin: 'null', send: () => ctx.http.get('metadata', { headers: requestHeaders({ origin: 'null' }) }) },
          {
            what: `preflight OPTIONS metadata from Origin ${probeOrigin}`,
            origin: probeOrigin,
            send: () =>
              ctx.http.request({
                method: 'OPTIONS',
                url: 'metadata',
                headers: { 'x-request-id': randomUUID(), origin: probeOrigin, 'access-control-request-method': 'GET', 'access-control-request-headers': 'authorization' },
              }),
          },
        ];
        for (const { what, origin, send } of requests) {
          const response = await send();
          const allowOrigin = response.headers['access-control-allow-origin'];
          const credentials = response.headers['access-control-allow-credentials']?.trim().toLowerCase() === 'true';
          const open = allowOrigin === '*' || allowOrigin === 'null' || allowOrigin === origin;
          ctx.check(!(credentials && open), `${what}: Access-Control-Allow-Origin: ${allowOrigin ?? ''} with Access-Control-Allow-Credentials: true`);
        }
      },
    },
  ],
});
