import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Loopback } from './loopback-server.js';
import { startLoopback } from './loopback-server.js';

/** What the server saw, for assertions. */
export interface SeenRequest {
  readonly method: string;
  readonly url: string;
  readonly authorization: string | undefined;
}

export interface FhirServer extends Loopback {
  /** The FHIR base URL: `<origin>/fhir`. */
  readonly base: string;
  readonly seen: SeenRequest[];
}

export interface FhirServerOptions {
  /** Claim search on Patient by identifier in the CapabilityStatement (default true). */
  readonly claimSearch?: boolean;
  /** Answer reads without an ETag. */
  readonly noEtag?: boolean;
  readonly https?: boolean;
  /** Extra routes tried before the FHIR ones; return true when handled. */
  readonly extra?: (request: IncomingMessage, response: ServerResponse) => boolean;
}

const patient = { resourceType: 'Patient', id: '9000000009', identifier: [{ system: 'https://fhir.nhs.uk/Id/nhs-number', value: '9000000009' }] };

/**
 * A purpose-built FHIR server for the runner's tests (the sandbox is the real reference server): a
 * CapabilityStatement, one Patient, a search, and whatever hostile routes a test adds.
 */
export async function startFhirServer(options: FhirServerOptions = {}): Promise<FhirServer> {
  const seen: SeenRequest[] = [];
  const json = (response: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void => {
    response.writeHead(status, { 'content-type': 'application/fhir+json', ...headers });
    response.end(JSON.stringify(body));
  };
  const server = await startLoopback(
    (request, response) => {
      seen.push({ method: request.method ?? '', url: request.url ?? '', authorization: request.headers.authorization });
      if (options.extra?.(request, response) === true) return;
      const url = new URL(request.url ?? '/', 'http://x');
      if (url.pathname === '/fhir/metadata') {
        json(response, 200, capabilityStatement(options.claimSearch !== false));
      } else if (url.pathname === '/fhir/Patient/9000000009' && request.method === 'GET') {
        json(response, 200, patient, options.noEtag === true ? {} : { etag: 'W/"1"' });
      } else if (url.pathname === '/fhir/Patient' && request.method === 'GET') {
        json(response, 200, { resourceType: 'Bundle', type: 'searchset', total: 1, entry: [{ resource: patient }] });
      } else if (url.pathname.startsWith('/fhir/Patient/')) {
        json(response, 404, { resourceType: 'OperationOutcome', issue: [{ severity: 'error', code: 'not-found', details: { text: 'no such Patient' } }] });
      } else {
        json(response, 404, { resourceType: 'OperationOutcome', issue: [{ severity: 'error', code: 'not-found' }] });
      }
    },
    { https: options.https === true },
  );
  return { ...server, base: `${server.origin}/fhir`, seen };
}

function capabilityStatement(claimSearch: boolean): unknown {
  return {
    resourceType: 'CapabilityStatement',
    status: 'active',
    kind: 'instance',
    fhirVersion: '4.0.1',
    format: ['json'],
    rest: [
      {
        mode: 'server',
        resource: [
          {
            type: 'Patient',
            interaction: [{ code: 'read' }, ...(claimSearch ? [{ code: 'search-type' }] : [])],
            searchParam: claimSearch ? [{ name: 'identifier', type: 'token' }] : [],
          },
        ],
      },
    ],
  };
}
