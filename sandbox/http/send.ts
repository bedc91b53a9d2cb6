import type { IncomingMessage, ServerResponse } from 'node:http';
import type { OperationOutcome } from 'fhir/r4.js';
import type { FhirResponse } from '../context.js';
import type { DefectId } from '../defects.js';
import { fhirJson } from './negotiation.js';

/**
 * Writes an answer: FHIR JSON with its Content-Type, and the NHS England headers mirrored
 * (X-Request-ID, X-Correlation-ID). The wire-level defects act here.
 */
export function send(
  request: IncomingMessage,
  response: ServerResponse,
  answer: FhirResponse,
  defects: ReadonlySet<DefectId>,
  softwareVersion: string,
  contentType = fhirJson,
): void {
  const headers: Record<string, string> = { ...answer.headers };
  let payload: string | undefined;
  const outcome = answer.body as Partial<OperationOutcome> | undefined;
  if (answer.status >= 400 && outcome?.resourceType === 'OperationOutcome' && defects.has('error-as-plain-text')) {
    payload = `${answer.status} ${(outcome.issue ?? []).map((i) => i.diagnostics ?? '').join('; ')}\n`;
    headers['content-type'] = 'text/plain; charset=utf-8';
  } else if (answer.body !== undefined) {
    payload = JSON.stringify(answer.body);
    const type = contentType === fhirJson && defects.has('wrong-content-type') ? 'application/json' : contentType;
    headers['content-type'] = defects.has('no-charset') ? type : `${type}; charset=utf-8`;
  }
  if (defects.has('server-version-header')) headers.server = `Assay-Sandbox/${softwareVersion} Node.js/${process.version}`;
  mirror(request, headers, 'x-request-id', !defects.has('ignores-x-request-id'));
  mirror(request, headers, 'x-correlation-id', !defects.has('ignores-x-correlation-id'));
  if (defects.has('cors-wildcard-with-credentials')) {
    headers['access-control-allow-origin'] = '*';
    headers['access-control-allow-credentials'] = 'true';
  }
  if (payload !== undefined) headers['content-length'] = String(Buffer.byteLength(payload));
  response.writeHead(answer.status, headers);
  response.end(payload);
}

function mirror(request: IncomingMessage, headers: Record<string, string>, name: string, enabled: boolean): void {
  const value = request.headers[name];
  if (enabled && typeof value === 'string') headers[name] = value;
}
