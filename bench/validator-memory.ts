/**
 * Peak RSS of the validator doing the job `assay validate` does: R4 core and UK Core loaded once, then the
 * 717 R4 examples (base) and the 140 UK Core examples (against the profiles they illustrate), each file read
 * when it is validated, in a process of its own that holds nothing else (no peer, no parsed corpus kept).
 * Prints one line of JSON; bench/validator-speed.ts runs it and prints its figure.
 *   npx tsx bench/validator-memory.ts
 */
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { loadDefinitions } from '../profiles/definitions.js';
import { createValidator } from '../profiles/validator/index.js';
import { sharedDir, sharedPackageCache } from '../test/support/paths.js';

const readJson = async (file: string): Promise<unknown> => JSON.parse(await readFile(file, 'utf8'));

const definitions = await loadDefinitions({ packages: ['fhir.r4.ukcore.stu2#2.0.2'], cacheDir: sharedPackageCache });
const base = createValidator(definitions, { nhsRules: false });
const ukCore = createValidator(definitions);

const examplesDir = join(sharedDir, 'corpora', 'r4-spec-examples');
let validated = 0;
for (const file of (await readdir(examplesDir)).filter((f) => f.endsWith('.json')).sort()) {
  await base.validate(await readJson(join(examplesDir, file)));
  validated++;
}
const ukDir = join(sharedPackageCache, 'fhir.r4.ukcore.stu2#2.0.2', 'package', 'examples');
const ukProfiles = (await readJson(join(sharedDir, 'corpora', 'ukcore-examples-profiles.json'))) as Record<string, string | null>;
for (const [file, profile] of Object.entries(ukProfiles)) {
  await ukCore.validate(await readJson(join(ukDir, file)), profile === null ? {} : { profiles: [profile] });
  validated++;
}
process.stdout.write(`${JSON.stringify({ validated, peakRssBytes: process.resourceUsage().maxRSS * 1024 })}\n`);
