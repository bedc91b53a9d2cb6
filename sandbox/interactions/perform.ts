import type { Resource } from 'fhir/r4.js';
import type { FhirRequest, FhirResponse, SandboxContext } from '../context.js';
import { capabilityVersion } from '../capability-statement.js';
import { etag } from '../http/headers.js';
import { nhsErrorCodes } from '../nhs-error-codes.js';
import { FhirError } from '../outcome.js';
import type { Route } from '../router.js';
import { searchType } from '../search/searchset.js';
import { smartConfiguration } from '../auth/smart-configuration.js';
import { history } from './history.js';
import { read, vread } from './read.js';
import { checkWrite } from './validate-write.js';
import { commitConditionalDelete, commitConditionalUpdate, commitCreate, commitDelete, commitUpdate } from './write.js';

/** A routed request whose body, if it is a write, has been checked: all that is left is synchronous. */
export interface Prepared {
  readonly route: Exclude<Route, { kind: 'batch' }>;
  readonly request: FhirRequest;
  readonly resource: Resource | undefined;
}

/** The asynchronous half: checks the resource of a create or update (validation included). */
export async function prepare(ctx: SandboxContext, route: Route, request: FhirRequest): Promise<Prepared> {
  if (route.kind === 'batch') throw new FhirError(400, 'not-supported', nhsErrorCodes.invalidValue, 'a batch or transaction cannot contain another one');
  const resource =
    route.kind === 'create' || route.kind === 'conditional-update' ? await checkWrite(ctx, route.served, request.body, undefined)
    : route.kind === 'update' ? await checkWrite(ctx, route.served, request.body, route.id)
    : undefined;
  return { route, request, resource };
}

/** The synchronous half: reads, searches and writes against the store as it is now. */
export function execute(ctx: SandboxContext, { route, request, resource }: Prepared): FhirResponse {
  switch (route.kind) {
    case 'capabilities':
      return { status: 200, headers: { etag: etag(Number(capabilityVersion)) }, body: ctx.capabilities() };
    case 'smart-configuration':
      return { status: 200, body: smartConfiguration(ctx) };
    case 'history-system':
      return history(ctx, request.params);
    case 'history-type':
      return history(ctx, request.params, route.served.type);
    case 'history-instance':
      return history(ctx, request.params, route.served.type, route.id);
    case 'search':
      return searchType(ctx, route.served, request.params, /handling\s*=\s*strict/i.test(request.prefer ?? ''));
    case 'read':
      return read(ctx, route.served, route.id, request.params);
    case 'vread':
      return vread(ctx, route.served, route.id, route.versionId, request.params);
    case 'create':
      return commitCreate(ctx, route.served, resource as Resource, {
        ...(request.assignedId === undefined ? {} : { id: request.assignedId }),
        ifNoneExist: request.ifNoneExist,
        prefer: request.prefer,
      });
    case 'update':
      return commitUpdate(ctx, route.served, route.id, resource as Resource, { ifMatch: request.ifMatch, prefer: request.prefer });
    case 'delete':
      return commitDelete(ctx, route.served, route.id);
    case 'conditional-update':
      return commitConditionalUpdate(ctx, route.served, resource as Resource, request.params, { ifMatch: request.ifMatch, prefer: request.prefer });
    case 'conditional-delete':
      return commitConditionalDelete(ctx, route.served, request.params);
  }
}

/** Both halves, for a request on its own (not inside a transaction). */
export async function perform(ctx: SandboxContext, route: Route, request: FhirRequest): Promise<FhirResponse> {
  return execute(ctx, await prepare(ctx, route, request));
}
