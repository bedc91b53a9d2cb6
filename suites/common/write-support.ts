import { randomUUID } from 'node:crypto';
import type { CapabilityStatement } from 'fhir/r4.js';
import type { HttpClient, HttpResponse } from '../../runner/dsl/index.js';
import type { TypeInteraction } from './capability.js';
import { claimsInteraction, resourceClaim } from './capability.js';
import { requestHeaders } from './request-headers.js';

/** What a write test needs of its context: any suite with a writeResource input fits. */
export interface WriteContext {
  readonly http: HttpClient;
  readonly capabilities: CapabilityStatement | undefined;
  readonly inputs: { readonly writeResource?: string | undefined };
  omit(reason: string): never;
  note(text: string): void;
}

/**
 * What the write tests share: the resource they create (marked with an Assay identifier so conditional
 * interactions can find it), reading back the Location, and removing everything they created.
 */

/** The identifier system marking resources Assay creates; each test uses a fresh value. */
export const markerSystem = 'https://assay.dev/fhir/conformance-test';

type Json = Record<string, unknown>;

/** The resource to create, carrying `marker` as an identifier; the writeResource input or a test Patient. */
export function testResource(ctx: WriteContext, marker: string): Json {
  const template = ctx.inputs.writeResource;
  const base: Json =
    template === undefined
      ? { resourceType: 'Patient', active: true, name: [{ family: 'Assay-Conformance', given: ['Test'] }] }
      : (JSON.parse(template) as Json);
  return { ...base, identifier: [{ system: markerSystem, value: marker }] };
}

/** The type written and the interactions it needs; omits the test when one is not claimed. */
export function writeType(ctx: WriteContext, ...needed: TypeInteraction[]): string {
  const type = String(testResource(ctx, '').resourceType);
  for (const interaction of ['create', 'delete', ...needed] as const) {
    if (!claimsInteraction(ctx.capabilities, type, interaction)) {
      ctx.omit(
        interaction === 'delete'
          ? `the CapabilityStatement does not claim delete on ${type}, so what a write test creates could not be removed`
          : `the CapabilityStatement does not claim ${interaction} on ${type}`,
      );
    }
  }
  return type;
}

/** Whether the type declares a conditional interaction (`conditionalCreate`, ...). */
export function claimsConditional(ctx: WriteContext, type: string, what: 'conditionalCreate' | 'conditionalUpdate' | 'conditionalDelete'): boolean {
  const claim = resourceClaim(ctx.capabilities, type);
  const value = claim?.[what];
  return value === true || value === 'single' || value === 'multiple';
}

export interface LocationParts {
  readonly type: string;
  readonly id: string;
  readonly versionId: string;
}

/** `[base]/[type]/[id]/_history/[vid]` from a Location header, absolute or relative; undefined otherwise. */
export function parseLocation(location: string | undefined): LocationParts | undefined {
  if (location === undefined) return undefined;
  const match = /(?:^|\/)([A-Z][A-Za-z]+)\/([A-Za-z0-9\-.]{1,64})\/_history\/([A-Za-z0-9\-.]{1,64})$/.exec(new URL(location, 'http://x/').pathname);
  return match === null ? undefined : { type: match[1] ?? '', id: match[2] ?? '', versionId: match[3] ?? '' };
}

/**
 * If-Match quoting the version a response shows: its ETag, else W/"<meta.versionId>" of its body. A
 * server may require If-Match on every update (R4 #concurrency); quoting the right version never hurts.
 */
export function ifMatchFor(response: HttpResponse): Record<string, string> {
  if (response.headers.etag !== undefined) return { 'if-match': response.headers.etag };
  const body = /json/.test(response.headers['content-type'] ?? '') ? (JSON.parse(response.text) as { meta?: { versionId?: unknown } }) : undefined;
  return typeof body?.meta?.versionId === 'string' ? { 'if-match': `W/"${body.meta.versionId}"` } : {};
}

/** The `Type/id` a create made, from its Location or its body. */
export function createdReference(type: string, response: HttpResponse): string | undefined {
  const location = parseLocation(response.headers.location);
  if (location !== undefined) return `${location.type}/${location.id}`;
  const headerId = /\/([A-Za-z0-9\-.]{1,64})\/?$/.exec(response.headers.location ?? '')?.[1];
  if (headerId !== undefined) return `${type}/${headerId}`;
  if (response.status < 200 || response.status >= 300) return undefined;
  const body = /json/.test(response.headers['content-type'] ?? '') ? (JSON.parse(response.text) as Json) : undefined;
  return typeof body?.id === 'string' ? `${type}/${body.id}` : undefined;
}

export interface CreateOptions {
  /** The identifier value marking the resource (default: a fresh UUID). */
  readonly marker?: string;
  readonly headers?: Readonly<Record<string, string>>;
  /** Elements to set on the resource sent (e.g. an id or meta the server must ignore). */
  readonly overrides?: Readonly<Json>;
}

/** Resources a test created; `withCleanup` removes them when the test ends, whatever its outcome. */
export interface Created {
  add(reference: string | undefined): void;
  /** Creates the test resource and records what was made; the response is the test's to check. */
  create(options?: CreateOptions): Promise<HttpResponse>;
}

/** Runs a write test's body, then removes what it created. */
async function withCleanup(ctx: WriteContext, body: (created: Created) => Promise<void>): Promise<void> {
  const references = new Set<string>();
  const created: Created = {
    add(reference) {
      if (reference !== undefined) references.add(reference);
    },
    async create({ marker = randomUUID(), headers: extra = {}, overrides = {} } = {}) {
      const resource = { ...testResource(ctx, marker), ...overrides };
      const type = String(resource.resourceType);
      const response = await ctx.http.post(type, { json: resource, headers: requestHeaders(extra) });
      created.add(createdReference(type, response));
      return response;
    },
  };
  try {
    await body(created);
  } finally {
    for (const reference of references) {
      const response = await ctx.http.delete(reference, { headers: requestHeaders() });
      if (response.status >= 300 && response.status !== 404 && response.status !== 410) {
        ctx.note(`clean-up: DELETE ${reference} returned ${response.status}; remove it by hand`);
      }
    }
  }
}

/**
 * A write test: it runs only against a writable target, and whatever it creates through `created` is
 * removed when it ends.
 */
export function writeTest<C extends WriteContext>(
  definition: { readonly id: string; readonly title: string; readonly verifies: readonly string[] },
  body: (ctx: C, created: Created) => Promise<void>,
): { readonly id: string; readonly title: string; readonly verifies: readonly string[]; readonly writes: true; run(ctx: C): Promise<void> } {
  return { ...definition, writes: true, run: (ctx) => withCleanup(ctx, (created) => body(ctx, created)) };
}
