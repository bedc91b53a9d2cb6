import { randomUUID } from 'node:crypto';
import type { HttpResponse } from '../../runner/dsl/index.js';
import { defineGroup } from '../../runner/dsl/index.js';
import { parseEntityTag, parseHttpDate, requestHeaders } from '../common/index.js';
import { readSample, samplesClaiming, typesClaiming } from './scope.js';
import type { Sample } from './scope.js';
import type { Ctx, inputs } from './spec.js';

/** The read interaction and the resource metadata it carries in headers (ETag, Last-Modified). */

interface Read {
  readonly sample: Sample;
  readonly response: HttpResponse;
  readonly meta: { readonly versionId?: string; readonly lastUpdated?: string };
}

/**
 * Reads every sample of a type claiming read. Whether read works is read/read's question: a read that
 * fails here is noted and left out, and with no successful read the test is skipped.
 */
async function readSamples(ctx: Ctx): Promise<Read[]> {
  const reads: Read[] = [];
  for (const sample of await samplesClaiming(ctx, 'read')) {
    const response = await readSample(ctx, sample.reference);
    if (response === undefined) continue;
    const body = response.json() as { meta?: Read['meta'] };
    reads.push({ sample, response, meta: body.meta ?? {} });
  }
  if (reads.length === 0) ctx.skip('no sample resource could be read (see read/read)');
  return reads;
}

export const read = defineGroup<typeof inputs>({
  id: 'read',
  title: 'Read',
  tests: [
    {
      id: 'read',
      title: 'Reading a resource returns it with the id asked for',
      verifies: ['R4-REST-READ-01'],
      run: async (ctx) => {
        for (const sample of await samplesClaiming(ctx, 'read')) {
          const response = await ctx.http.get(sample.reference, { headers: requestHeaders() });
          if (!ctx.check(response.status === 200, `read ${sample.reference} returned ${response.status}, expected 200`)) continue;
          const body = response.json() as { resourceType?: unknown; id?: unknown };
          ctx.check(body.resourceType === sample.type, `read ${sample.reference}: resourceType is ${String(body.resourceType)}`);
          ctx.check(body.id === sample.id, `read ${sample.reference}: id is ${String(body.id)}, expected ${sample.id}`);
        }
      },
    },
    {
      id: 'headers',
      title: 'A read carries ETag and Last-Modified headers',
      verifies: ['R4-REST-READ-02'],
      run: async (ctx) => {
        for (const { sample, response } of await readSamples(ctx)) {
          ctx.check(response.headers.etag !== undefined, `read ${sample.reference}: no ETag header`);
          ctx.check(response.headers['last-modified'] !== undefined, `read ${sample.reference}: no Last-Modified header`);
        }
      },
    },
    {
      id: 'etag-version',
      title: 'The ETag of a read is the resource version id',
      verifies: ['R4-REST-ETAG-01'],
      run: async (ctx) => {
        const withEtag = (await readSamples(ctx)).filter((r) => r.response.headers.etag !== undefined);
        if (withEtag.length === 0) ctx.omit('the target sends no ETag on a read (see read/headers)');
        for (const { sample, response, meta } of withEtag) {
          const tag = parseEntityTag(response.headers.etag ?? '');
          if (!ctx.check(tag !== undefined, `read ${sample.reference}: ETag ${response.headers.etag} is not an entity-tag`)) continue;
          ctx.check(
            tag?.tag === meta.versionId,
            `read ${sample.reference}: ETag ${response.headers.etag} does not match meta.versionId ${meta.versionId ?? '(absent)'}`,
          );
        }
      },
    },
    {
      id: 'etag-weak',
      title: 'The ETag of a read is weak: W/"<versionId>"',
      verifies: ['R4-REST-ETAG-02'],
      run: async (ctx) => {
        const withEtag = (await readSamples(ctx)).filter((r) => r.response.headers.etag !== undefined);
        if (withEtag.length === 0) ctx.omit('the target sends no ETag on a read (see read/headers)');
        for (const { sample, response } of withEtag) {
          ctx.check(parseEntityTag(response.headers.etag ?? '')?.weak === true, `read ${sample.reference}: ETag ${response.headers.etag} is not weak (W/"...")`);
        }
      },
    },
    {
      id: 'last-modified',
      title: 'Last-Modified is an HTTP-date equal to meta.lastUpdated',
      verifies: ['R4-REST-LASTMOD-01'],
      run: async (ctx) => {
        const dated = (await readSamples(ctx)).filter((r) => r.response.headers['last-modified'] !== undefined);
        if (dated.length === 0) ctx.omit('the target sends no Last-Modified on a read (see read/headers)');
        for (const { sample, response, meta } of dated) checkLastModified(ctx, `read ${sample.reference}`, response, meta.lastUpdated);
      },
    },
    {
      id: 'unknown',
      title: 'Reading an unknown id returns 404',
      verifies: ['R4-REST-READ-03'],
      run: async (ctx) => {
        for (const type of typesClaiming(ctx, 'read')) {
          const response = await ctx.http.get(`${type}/assay-unknown-${randomUUID()}`, { headers: requestHeaders() });
          ctx.check(response.status === 404, `read of an unknown ${type} returned ${response.status}, expected 404`);
        }
      },
    },
  ],
});

/** Last-Modified must be an IMF-fixdate naming the same second as meta.lastUpdated. */
export function checkLastModified(ctx: Ctx, what: string, response: HttpResponse, lastUpdated: string | undefined): void {
  const header = response.headers['last-modified'] ?? '';
  const date = parseHttpDate(header);
  if (!ctx.check(date !== undefined, `${what}: Last-Modified "${header}" is not an HTTP-date (IMF-fixdate)`)) return;
  if (lastUpdated === undefined) return;
  const updated = Date.parse(lastUpdated);
  ctx.check(
    Number.isFinite(updated) && Math.floor(updated / 1000) === Math.floor((date?.getTime() ?? 0) / 1000),
    `${what}: Last-Modified "${header}" is not meta.lastUpdated ${lastUpdated}`,
  );
}
