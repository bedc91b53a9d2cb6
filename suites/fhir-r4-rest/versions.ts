import type { Bundle, Resource } from 'fhir/r4.js';
import { defineGroup } from '../../runner/dsl/index.js';
import { tally } from '../common/index.js';
import { samplesClaiming } from './scope.js';
import type { inputs } from './spec.js';
import { fhirJson } from './spec.js';

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
          const current = await ctx.http.get(sample.reference, { headers: { accept: fhirJson } });
          if (!checks.check(current.status === 200, `read ${sample.reference} returned ${current.status}, expected 200`)) continue;
          const versionId = (current.json() as Resource).meta?.versionId;
          if (versionId === undefined) {
            ctx.note(`${sample.reference} carries no meta.versionId: no version to read`);
            continue;
          }
          versioned += 1;
          const path = `${sample.reference}/_history/${versionId}`;
          const response = await ctx.http.get(path, { headers: { accept: fhirJson } });
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
          const response = await ctx.http.get(path, { headers: { accept: fhirJson } });
          if (!ctx.check(response.status === 200, `history ${path} returned ${response.status}, expected 200`)) continue;
          const bundle = ctx.expect.resource(response.json(), 'Bundle');
          ctx.check(bundle.type === 'history', `history ${path}: Bundle.type is ${bundle.type}, expected history`);
          checkHistoryEntries(bundle, path, (ok, message) => ctx.check(ok, message));
        }
      },
    },
  ],
});

/** Each entry has a resource or a request; versions run newest first (oldest last). */
function checkHistoryEntries(bundle: Bundle, path: string, check: (ok: boolean, message: string) => boolean): void {
  const entries = bundle.entry ?? [];
  check(entries.length > 0, `history ${path}: the Bundle has no entry, not even the current version`);
  entries.forEach((entry, index) => {
    check(entry.resource !== undefined || entry.request !== undefined, `history ${path}: entry[${index}] has neither resource nor request`);
  });
  const stamps = entries.map((entry) => Date.parse(entry.resource?.meta?.lastUpdated ?? entry.response?.lastModified ?? ''));
  for (let index = 1; index < stamps.length; index += 1) {
    const newer = stamps[index - 1] ?? Number.NaN;
    const older = stamps[index] ?? Number.NaN;
    if (Number.isNaN(newer) || Number.isNaN(older)) continue;
    check(newer >= older, `history ${path}: entry[${index}] is newer than entry[${index - 1}] (oldest versions must come last)`);
  }
}
