import type { SandboxContent, ServedType } from './content.js';
import { nhsErrorCodes } from './nhs-error-codes.js';
import { FhirError } from './outcome.js';

/** What a request asks for, once its method and path are understood (R4 http.html, "Summary"). */
export type Route =
  | { readonly kind: 'capabilities' }
  | { readonly kind: 'smart-configuration' }
  | { readonly kind: 'batch' }
  | { readonly kind: 'history-system' }
  | { readonly kind: 'search'; readonly served: ServedType; readonly viaPost: boolean }
  | { readonly kind: 'create' | 'conditional-update' | 'conditional-delete'; readonly served: ServedType }
  | { readonly kind: 'history-type'; readonly served: ServedType }
  | { readonly kind: 'read' | 'update' | 'delete' | 'history-instance'; readonly served: ServedType; readonly id: string }
  | { readonly kind: 'vread'; readonly served: ServedType; readonly id: string; readonly versionId: string };

const idPattern = /^[A-Za-z0-9\-.]{1,64}$/;

/** Routes a method and the path below the FHIR base; an unknown path is 404, a wrong method 405 with Allow. */
export function route(content: SandboxContent, method: string, segments: readonly string[]): Route {
  const [first, second, third, fourth, ...rest] = segments;
  if (rest.length > 0) throw unknownPath(segments);
  if (first === undefined) return allow(method, { POST: { kind: 'batch' } });
  if (first === 'metadata' && second === undefined) return allow(method, { GET: { kind: 'capabilities' } });
  if (first === '.well-known' && second === 'smart-configuration' && third === undefined) return allow(method, { GET: { kind: 'smart-configuration' } });
  if (first === '_history' && second === undefined) return allow(method, { GET: { kind: 'history-system' } });
  const served = servedType(content, first);
  if (second === undefined) {
    return allow(method, {
      GET: { kind: 'search', served, viaPost: false },
      POST: { kind: 'create', served },
      PUT: { kind: 'conditional-update', served },
      DELETE: { kind: 'conditional-delete', served },
    });
  }
  if (second === '_search' && third === undefined) return allow(method, { POST: { kind: 'search', served, viaPost: true } });
  if (second === '_history' && third === undefined) return allow(method, { GET: { kind: 'history-type', served } });
  const id = checkId(second);
  if (third === undefined) {
    return allow(method, { GET: { kind: 'read', served, id }, PUT: { kind: 'update', served, id }, DELETE: { kind: 'delete', served, id } });
  }
  if (third !== '_history') throw unknownPath(segments);
  if (fourth === undefined) return allow(method, { GET: { kind: 'history-instance', served, id } });
  return allow(method, { GET: { kind: 'vread', served, id, versionId: fourth } });
}

function allow(method: string, routes: Partial<Record<string, Route>>): Route {
  const found = routes[method];
  if (found !== undefined) return found;
  const allowed = Object.keys(routes).join(', ');
  throw new FhirError(405, 'not-supported', nhsErrorCodes.invalidMethod, `${method} is not allowed here; allowed: ${allowed}`, { headers: { allow: allowed } });
}

function servedType(content: SandboxContent, name: string): ServedType {
  const served = content.types.get(name);
  if (served !== undefined) return served;
  if (name.startsWith('$')) throw new FhirError(404, 'not-supported', nhsErrorCodes.notFound, `the operation ${name} is not supported by this server`);
  if (content.fhirResourceTypes.has(name)) {
    throw new FhirError(404, 'not-supported', nhsErrorCodes.notFound, `${name} is a FHIR resource type this server does not serve (see /metadata)`);
  }
  throw new FhirError(404, 'not-found', nhsErrorCodes.notFound, `${name} is not a FHIR resource type`);
}

function checkId(id: string): string {
  if (id.startsWith('$')) throw new FhirError(404, 'not-supported', nhsErrorCodes.notFound, `the operation ${id} is not supported by this server`);
  if (!idPattern.test(id)) throw new FhirError(400, 'value', nhsErrorCodes.invalidResourceId, `"${id}" is not a FHIR id (1 to 64 of A-Z a-z 0-9 - .)`);
  return id;
}

function unknownPath(segments: readonly string[]): FhirError {
  return new FhirError(404, 'not-found', nhsErrorCodes.notFound, `/${segments.join('/')} is not a path this server serves`);
}
