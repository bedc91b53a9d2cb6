import type { Bundle, Resource } from 'fhir/r4.js';
import { defineGroup } from '../../runner/dsl/index.js';
import { requestHeaders, tally } from '../common/index.js';
import { samplesClaiming } from './scope.js';
import type { inputs } from './spec.js';

/** Version-specific reads and instance history: the version trail a server keeps. */
export const versions = defineGroup<typeof inputs>({
  id: 'versions',
  title: 'Versions (vread, history)',
  tests: [
    {
      id: 'vread',
      title: 'A version-specific read returns that version',
      verifies: ['R4-REST-VREAD-01'],
      run: async (ctx) => {
        const checks = tally(ctx);
        let versioned = 0;
        for (const sample of await samplesClaiming(ctx, 'vread')) {
          const current = await ctx.http.get(sample.reference, { headers: requestHeaders() });
          if (!checks.check(current.status === 200, `read ${sample.reference} returned ${current.status}, expected 200`)) continue;
          const versionId = (current.json() as Resource).meta?.versionId;
          if (versionId === undefined) {
            ctx.note(`${sample.reference} carries no meta.versionId: no version to read`);
            continue;
          }
          versioned += 1;
          const path = `${sample.reference}/_history/${versionId}`;
          const response = await ctx.http.get(path, { headers: requestHeaders() });
          if (!checks.check(response.status === 200, `vread ${path} returned ${response.status}, expected 200`)) continue;
          const body = response.json() as Resource;
          checks.check(body.id === sample.id, `vread ${path}: id is ${String(body.id)}, expected ${sample.id}`);
          checks.check(body.meta?.versionId === versionId, `vread ${path}: meta.versionId is ${String(body.meta?.versionId)}, expected ${versionId}`);
        }
        if (versioned === 0 && !checks.failed) ctx.skip('no sample resource carries meta.versionId, so there is no version id to read');
      },
    },
    {
      id: 'history',
      title: 'Instance history is a history Bundle, newest version first',
      verifies: ['R4-REST-HISTORY-01'],
      run: async (ctx) => {
        for (const sample of await samplesClaiming(ctx, 'history-instance')) {
          const path = `${sample.reference}/_history`;
          const response = await ctx.http.get(path, { headers: requestHeaders() });
          if (!ctx.check(response.status === 200, `history ${path} returned ${response.status}, expected 200`)) continue;
          checkHistory(ctx.expect.resource(response.json(), 'Bundle'), path, (ok, message) => ctx.check(ok, message));
        }
      },
    },
  ],
});

/**
 * A history Bundle: each entry has a resource or a request, and versions run newest first (oldest last),
 * judged by numeric version ids where both are numeric, else by lastUpdated.
 */
export function checkHistory(bundle: Bundle, path: string, check: (ok: boolean, message: string) => boolean): void {
  check(bundle.type === 'history', `history ${path}: Bundle.type is ${bundle.type}, expected history`);
  const entries = bundle.entry ?? [];
  check(entries.length > 0, `history ${path}: the Bundle has no entry, not even the current version`);
  entries.forEach((entry, index) => {
    check(entry.resource !== undefined || entry.request !== undefined, `history ${path}: entry[${index}] has neither resource nor request`);
  });
  const order = entries.map((entry) => {
    const version = entry.resource?.meta?.versionId ?? '';
    return { version: /^\d+$/.test(version) ? Number(version) : undefined, stamp: Date.parse(entry.resource?.meta?.lastUpdated ?? entry.response?.lastModified ?? '') };
  });
  for (let index = 1; index < order.length; index += 1) {
    const newer = order[index - 1];
    const older = order[index];
    if (newer === undefined || older === undefined) continue;
    const inOrder =
      newer.version !== undefined && older.version !== undefined
        ? newer.version > older.version
        : Number.isNaN(newer.stamp) || Number.isNaN(older.stamp) || newer.stamp >= older.stamp;
    check(inOrder, `history ${path}: entry[${index}] is newer than entry[${index - 1}] (oldest versions must come last)`);
  }
}
