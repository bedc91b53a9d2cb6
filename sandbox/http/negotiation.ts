import { FhirError } from '../outcome.js';
import { nhsErrorCodes } from '../nhs-error-codes.js';

/** The one format the sandbox produces; its CapabilityStatement says so. */
export const fhirJson = 'application/fhir+json';

const jsonFormats = new Set(['json', 'application/json', 'application/fhir+json', 'application/json+fhir']);

/**
 * Content negotiation (R4 http.html#mime-type): `_format` overrides Accept; the sandbox can answer only
 * FHIR JSON, so anything else the client insists on gets 406. A missing Accept means "anything".
 */
export function negotiate(format: string | undefined, accept: string | undefined): void {
  if (format !== undefined) {
    if (!jsonFormats.has(format.trim().toLowerCase().split(';')[0]?.trim() ?? '')) {
      throw notAcceptable(`_format=${format} is not a format this server produces; it produces ${fhirJson} only`);
    }
    return;
  }
  if (accept === undefined || accept.trim() === '') return;
  const ranges = accept.split(',').map(parseMediaRange);
  const acceptable = ranges.some(
    (r) => r.q > 0 && (r.type === '*/*' || r.type === 'application/*' || (jsonFormats.has(r.type) && fhirVersionOk(r.fhirVersion))),
  );
  if (!acceptable) throw notAcceptable(`Accept: ${accept} names no format this server produces; it produces ${fhirJson} only`);
}

/**
 * The body of a write must be FHIR JSON (415 otherwise); a charset other than UTF-8 is refused too,
 * since FHIR JSON is UTF-8 (R4 json.html).
 */
export function requireJsonBody(contentType: string | undefined): void {
  const range = contentType === undefined ? undefined : parseMediaRange(contentType);
  if (range !== undefined && jsonFormats.has(range.type) && (range.charset === undefined || range.charset === 'utf-8') && fhirVersionOk(range.fhirVersion)) {
    return;
  }
  throw unsupportedMediaType(
    contentType === undefined
      ? `the request has a body but no Content-Type; send it as ${fhirJson}`
      : `Content-Type ${contentType} is not supported; send the body as ${fhirJson}`,
  );
}

/** A POST _search body must be a form. */
export function requireFormBody(contentType: string | undefined): void {
  if (contentType !== undefined && parseMediaRange(contentType).type === 'application/x-www-form-urlencoded') return;
  throw unsupportedMediaType(`Content-Type ${contentType ?? '(none)'} is not supported for _search; send application/x-www-form-urlencoded`);
}

interface MediaRange {
  readonly type: string;
  readonly q: number;
  readonly charset: string | undefined;
  readonly fhirVersion: string | undefined;
}

function parseMediaRange(text: string): MediaRange {
  const [type = '', ...params] = text.split(';').map((p) => p.trim());
  const values = new Map(
    params.map((p) => {
      const eq = p.indexOf('=');
      return eq < 0 ? [p.toLowerCase(), ''] : [p.slice(0, eq).trim().toLowerCase(), p.slice(eq + 1).trim().replace(/^"|"$/g, '')];
    }),
  );
  const q = values.has('q') ? Number(values.get('q')) : 1;
  return {
    type: type.toLowerCase(),
    q: Number.isFinite(q) ? q : 0,
    charset: values.get('charset')?.toLowerCase(),
    fhirVersion: values.get('fhirversion'),
  };
}

/** The fhirVersion MIME parameter (R4 http.html#version-parameter): 4.0 names R4. */
function fhirVersionOk(version: string | undefined): boolean {
  return version === undefined || version === '4.0' || version === '4.0.1';
}

function notAcceptable(message: string): FhirError {
  return new FhirError(406, 'not-supported', nhsErrorCodes.notAcceptable, message);
}

function unsupportedMediaType(message: string): FhirError {
  return new FhirError(415, 'not-supported', nhsErrorCodes.unsupportedMediaType, message);
}
