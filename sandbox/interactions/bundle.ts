import { STATUS_CODES } from 'node:http';
import type { Bundle, BundleEntry, BundleEntryResponse, Resource } from 'fhir/r4.js';
import { randomUUID } from 'node:crypto';
import { answer, errorResponse } from '../answer.js';
import type { FhirRequest, FhirResponse, SandboxContext } from '../context.js';
import { nhsErrorCodes } from '../nhs-error-codes.js';
import { FhirError } from '../outcome.js';
import type { Route } from '../router.js';
import { route } from '../router.js';
import type { Prepared } from './perform.js';
import { execute, perform, prepare } from './perform.js';

interface Entry {
  readonly index: number;
  readonly route: Route;
  readonly request: FhirRequest;
  readonly fullUrl: string | undefined;
}

/**
 * batch and transaction (R4 http.html#transaction). A batch answers each entry on its own. A transaction
 * is all or nothing: every entry is routed and checked first, then all are applied synchronously in
 * R4's order (DELETE, POST, PUT, GET) against one savepoint, and any failure undoes them all.
 */
export async function processBundle(ctx: SandboxContext, body: unknown): Promise<FhirResponse> {
  const bundle = body as Partial<Bundle>;
  if (bundle.resourceType !== 'Bundle' || (bundle.type !== 'batch' && bundle.type !== 'transaction')) {
    throw new FhirError(400, 'invalid', nhsErrorCodes.invalidValue, 'POST to the base takes a Bundle of type batch or transaction');
  }
  const raw = Array.isArray(bundle.entry) ? bundle.entry : [];
  if (bundle.type === 'batch') {
    const responses: BundleEntry[] = [];
    for (const [index, entry] of raw.entries()) {
      responses.push(toEntry(ctx, await answer(ctx, async () => {
        const parsed = parseEntry(ctx, entry, index);
        return perform(ctx, parsed.route, parsed.request);
      })));
    }
    return { status: 200, body: responseBundle('batch-response', responses) };
  }
  const entries = assignIds(ctx, raw.map((entry, index) => parseEntryOf(ctx, entry, index)));
  const prepared: Prepared[] = [];
  for (const entry of entries) {
    try {
      prepared.push(await prepare(ctx, entry.route, entry.request));
    } catch (error) {
      throw inEntry(error, entry.index);
    }
  }
  return commitTransaction(ctx, prepared);
}

function commitTransaction(ctx: SandboxContext, prepared: readonly Prepared[]): FhirResponse {
  const order = ['DELETE', 'POST', 'PUT', 'GET'];
  const sequence = prepared.map((p, i) => ({ p, i })).sort((a, b) => order.indexOf(a.p.request.method) - order.indexOf(b.p.request.method));
  const responses: FhirResponse[] = [];
  const rollback = ctx.store.savepoint();
  for (const { p, i } of sequence) {
    let response: FhirResponse;
    try {
      response = execute(ctx, p);
    } catch (error) {
      response = errorResponse(ctx, inEntry(error, i));
    }
    if (response.status >= 400) {
      rollback();
      return response;
    }
    responses[i] = response;
  }
  return { status: 200, body: responseBundle('transaction-response', responses.map((r) => toEntry(ctx, r))) };
}

/** A transaction's entry, its errors naming the entry. */
function parseEntryOf(ctx: SandboxContext, entry: BundleEntry | null, index: number): Entry {
  try {
    return parseEntry(ctx, entry, index);
  } catch (error) {
    throw inEntry(error, index);
  }
}

function parseEntry(ctx: SandboxContext, entry: BundleEntry | null, index: number): Entry {
  const method = isObject(entry) && isObject(entry.request) ? entry.request.method : undefined;
  const url = isObject(entry) && isObject(entry.request) ? entry.request.url : undefined;
  if (entry === null || typeof method !== 'string' || typeof url !== 'string') {
    throw new FhirError(400, 'required', nhsErrorCodes.missingValue, `entry ${index} has no request.method and request.url`, { expression: `Bundle.entry[${index}].request` });
  }
  const relative = url.startsWith(`${ctx.baseUrl}/`) ? url.slice(ctx.baseUrl.length + 1) : url;
  const [path = '', query = ''] = relative.split('?', 2);
  const segments = path.split('/').filter((s) => s !== '');
  const request: FhirRequest = {
    method,
    params: [...new URLSearchParams(query)].filter(([name]) => name !== '_format'),
    body: entry.resource,
    ifMatch: entry.request?.ifMatch,
    ifNoneExist: entry.request?.ifNoneExist,
    prefer: undefined,
  };
  const routed = route(ctx.content, method, segments);
  if ((method === 'POST' || method === 'PUT') && entry.resource === undefined) {
    throw new FhirError(400, 'required', nhsErrorCodes.missingValue, `entry ${index} is a ${method} without a resource`, { expression: `Bundle.entry[${index}].resource` });
  }
  return { index, route: routed, request, fullUrl: entry.fullUrl };
}

/**
 * Gives each POST entry its id before anything runs, and points every reference to the entry's fullUrl
 * (a `urn:uuid:` usually) at `Type/id`, as R4 requires of a transaction.
 */
function assignIds(ctx: SandboxContext, entries: readonly Entry[]): Entry[] {
  const ids = new Map<string, { readonly type: string; readonly id: string }>();
  for (const entry of entries) {
    if (entry.route.kind === 'create' && entry.fullUrl !== undefined) ids.set(entry.fullUrl, { type: entry.route.served.type, id: ctx.newId() });
  }
  const rewrite = (node: unknown): unknown => {
    if (Array.isArray(node)) return node.map(rewrite);
    if (typeof node !== 'object' || node === null) return node;
    return Object.fromEntries(
      Object.entries(node).map(([key, value]) => {
        const target = key === 'reference' && typeof value === 'string' ? ids.get(value) : undefined;
        return [key, target === undefined ? rewrite(value) : `${target.type}/${target.id}`];
      }),
    );
  };
  return entries.map((entry) => {
    const assigned = entry.fullUrl === undefined ? undefined : ids.get(entry.fullUrl);
    const body = entry.request.body === undefined ? undefined : rewrite(entry.request.body);
    return { ...entry, request: { ...entry.request, body, ...(assigned === undefined ? {} : { assignedId: assigned.id }) } };
  });
}

/** The same error, its message naming the transaction entry it came from. */
function inEntry(error: unknown, index: number): unknown {
  if (!(error instanceof FhirError)) return error;
  return new FhirError(error.status, error.issueType, error.nhsCode, `transaction entry ${index}: ${error.message}`, {
    ...(error.expression === undefined ? {} : { expression: error.expression }),
    issues: error.issues,
    headers: error.headers,
  });
}

function toEntry(ctx: SandboxContext, response: FhirResponse): BundleEntry {
  const headers = response.headers ?? {};
  const lastModified = headers['last-modified'];
  const entryResponse: BundleEntryResponse = {
    status: `${response.status} ${STATUS_CODES[response.status] ?? ''}`.trim(),
    ...(headers.location === undefined ? {} : { location: headers.location }),
    ...(headers.etag === undefined ? {} : { etag: headers.etag }),
    ...(lastModified === undefined ? {} : { lastModified: new Date(lastModified).toISOString() }),
    ...(response.status >= 400 && response.body !== undefined ? { outcome: response.body as Resource } : {}),
  };
  const resource = response.status < 400 ? (response.body as Resource | undefined) : undefined;
  const location = headers.location?.replace(/\/_history\/.*$/, '');
  return {
    ...(location === undefined || ctx.defects.has('no-full-url') ? {} : { fullUrl: location }),
    ...(resource === undefined ? {} : { resource }),
    response: entryResponse,
  };
}

function isObject<T>(value: T): value is T & object {
  return typeof value === 'object' && value !== null;
}

function responseBundle(type: 'batch-response' | 'transaction-response', entry: BundleEntry[]): Bundle {
  return { resourceType: 'Bundle', id: randomUUID(), type, entry };
}
