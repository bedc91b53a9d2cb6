import type { IncomingMessage } from 'node:http';
import { answer } from '../answer.js';
import type { FhirRequest, FhirResponse, SandboxContext } from '../context.js';
import type { TokenIssuer } from '../auth/tokens.js';
import { processBundle } from '../interactions/bundle.js';
import { perform } from '../interactions/perform.js';
import { nhsErrorCodes } from '../nhs-error-codes.js';
import { FhirError } from '../outcome.js';
import type { Route } from '../router.js';
import { route } from '../router.js';
import { parseJsonBody, readBody } from './body.js';
import { requireRequestId } from './headers.js';
import { negotiate, requireFormBody, requireJsonBody } from './negotiation.js';

/** Routes that anyone may read: discovery, as on the NHS England API platform. */
const open = new Set<Route['kind']>(['capabilities', 'smart-configuration']);

/**
 * One HTTP request to the FHIR base, from the wire to its answer: route, auth, NHS headers, content
 * negotiation, body, then the interaction. Never throws: every failure is an OperationOutcome.
 */
export function respondFhir(
  ctx: SandboxContext,
  issuer: TokenIssuer | undefined,
  maxBodyBytes: number,
  request: IncomingMessage,
  path: string,
  query: string,
): Promise<FhirResponse> {
  return answer(ctx, async () => {
    const method = request.method ?? 'GET';
    const routed = route(ctx.content, method, splitPath(path));
    if (issuer !== undefined && !open.has(routed.kind)) {
      const authorization = request.headers.authorization;
      if (!(ctx.defects.has('auth-optional') && authorization === undefined)) issuer.check(authorization);
    }
    if (!open.has(routed.kind)) {
      requireRequestId(header(request, 'x-request-id'), {
        whenMissing: !ctx.defects.has('accepts-missing-x-request-id'),
        whenMalformed: !ctx.defects.has('accepts-malformed-x-request-id'),
      });
    }
    if (routed.kind === 'search' && routed.viaPost && ctx.defects.has('post-search-unsupported')) {
      throw new FhirError(405, 'not-supported', nhsErrorCodes.invalidMethod, 'POST is not allowed here; allowed: GET', { headers: { allow: 'GET' } });
    }
    const params = [...new URLSearchParams(query)];
    if (!ctx.defects.has('ignores-accept')) negotiate(params.find(([name]) => name === '_format')?.[1], header(request, 'accept'));

    let body: unknown;
    const formParams: [string, string][] = [];
    if (routed.kind === 'create' || routed.kind === 'update' || routed.kind === 'conditional-update' || routed.kind === 'batch') {
      if (!ctx.defects.has('accepts-any-content-type')) requireJsonBody(header(request, 'content-type'));
      body = parseJsonBody(await readBody(request, maxBodyBytes));
    } else if (routed.kind === 'search' && routed.viaPost) {
      requireFormBody(header(request, 'content-type'));
      formParams.push(...new URLSearchParams((await readBody(request, maxBodyBytes)).toString('utf8')));
    }
    const fhirRequest: FhirRequest = {
      method,
      params: [...params, ...formParams].filter(([name]) => name !== '_format'),
      body,
      ifMatch: header(request, 'if-match'),
      ifNoneExist: header(request, 'if-none-exist'),
      prefer: header(request, 'prefer'),
    };
    return routed.kind === 'batch' ? processBundle(ctx, body) : perform(ctx, routed, fhirRequest);
  });
}

function splitPath(path: string): string[] {
  try {
    return path.split('/').filter((s) => s !== '').map(decodeURIComponent);
  } catch {
    throw new FhirError(400, 'invalid', nhsErrorCodes.invalidValue, `the path ${path} is not validly percent-encoded`);
  }
}

function header(request: IncomingMessage, name: string): string | undefined {
  const value = request.headers[name];
  return Array.isArray(value) ? value.join(', ') : value;
}
