import type { IncomingMessage, ServerResponse } from 'node:http';
import { expect } from 'chai';
import security from '../../../suites/security/index.js';
import type { FhirServer } from '../../support/fhir-server.js';
import { startFhirServer } from '../../support/fhir-server.js';
import type { ProfileSet } from '../../../profiles/index.js';
import { nationalProfiles } from '../national-run.js';
import { runSuite } from '../run-suite.js';

/**
 * The security probes against purpose-built misbehaving servers the sandbox has no defect for: CORS that
 * reflects any origin with credentials, and servers that cut an oversized upload short or fall over.
 */
const statement = {
  resourceType: 'CapabilityStatement',
  status: 'active',
  date: '2024-01-01',
  kind: 'instance',
  fhirVersion: '4.0.1',
  format: ['application/fhir+json'],
  rest: [{ mode: 'server', resource: [{ type: 'Patient', interaction: [{ code: 'read' }, { code: 'search-type' }, { code: 'create' }] }] }],
};

function metadata(request: IncomingMessage, response: ServerResponse, headers: Record<string, string> = {}): boolean {
  if (!(request.url ?? '').startsWith('/fhir/metadata')) return false;
  response.writeHead(200, { 'content-type': 'application/fhir+json', ...headers });
  response.end(JSON.stringify(statement));
  return true;
}

describe('security: probes against misbehaving servers', function () {
  this.timeout(60_000);
  let profiles: ProfileSet;
  let server: FhirServer | undefined;
  before(async () => {
    ({ profiles } = await nationalProfiles());
  });
  afterEach(async () => {
    await server?.close();
    server = undefined;
  });

  const run = async (tests: string[]) =>
    Object.fromEntries(
      (await runSuite(security, { baseUrl: server?.base ?? '', profiles, tests, inputs: { oversizeBytes: 2 * 1024 * 1024 } })).map((r) => [
        r.id,
        r.outcome === 'pass' ? 'pass' : `${r.outcome}: ${r.message ?? ''}`,
      ]),
    );

  it('fails cors for a server that reflects any Origin with credentials', async () => {
    server = await startFhirServer({
      extra: (request, response) => {
        const origin = request.headers.origin;
        return metadata(request, response, origin === undefined ? {} : { 'access-control-allow-origin': origin, 'access-control-allow-credentials': 'true' });
      },
    });
    const result = (await run(['security/disclosure/cors']))['security/disclosure/cors'];
    expect(result).to.equal(
      'fail: GET metadata from Origin https://assay-cors-probe.invalid: Access-Control-Allow-Origin: https://assay-cors-probe.invalid with Access-Control-Allow-Credentials: true; ' +
        'GET metadata from Origin null: Access-Control-Allow-Origin: null with Access-Control-Allow-Credentials: true; ' +
        'preflight OPTIONS metadata from Origin https://assay-cors-probe.invalid: Access-Control-Allow-Origin: https://assay-cors-probe.invalid with Access-Control-Allow-Credentials: true',
    );
  });

  it('passes a server that answers 413 and closes the connection before the upload ends', async () => {
    server = await startFhirServer({
      extra: (request, response) => {
        if (metadata(request, response)) return true;
        if (request.method !== 'POST') return false;
        response.writeHead(413, { 'content-type': 'application/fhir+json', connection: 'close' });
        response.end(JSON.stringify({ resourceType: 'OperationOutcome', issue: [{ severity: 'error', code: 'too-costly' }] }));
        request.destroy();
        return true;
      },
    });
    const results = await run(['security/robustness/*']);
    expect(results['security/robustness/oversized-body']).to.equal('pass');
    expect(results['security/robustness/oversized-status']).to.equal('pass');
  });

  it('fails oversized-body for a server that stops serving after it', async () => {
    server = await startFhirServer({
      extra: (request, response) => {
        if (metadata(request, response)) return true;
        if (request.method !== 'POST') return false;
        // Falls over: drops this connection and every later one.
        request.destroy();
        server?.server.close();
        server?.server.closeAllConnections();
        return true;
      },
    });
    const result = (await run(['security/robustness/oversized-body']))['security/robustness/oversized-body'] ?? '';
    expect(result).to.match(/^fail: after the oversized body, GET metadata failed \(.+\): the server did not keep serving$/);
  });
});
