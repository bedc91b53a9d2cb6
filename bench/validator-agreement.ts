import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { sharedDir, sharedPackageCache } from '../test/support/paths.js';
import { corpusRunner, tally, type Category, type StepResult, type Tally } from './validator-cases.js';

/**
 * Prints how often Assay's verdict (valid/invalid) agrees with the HL7 reference validator on HL7's own
 * validator test cases, for the base and the profile step, by category and by module. Crashes count as wrong.
 *   npx tsx bench/validator-agreement.ts            # the tables
 *   npx tsx bench/validator-agreement.ts --list     # also every disagreement, with Assay's errors
 */
const corpus = join(sharedDir, 'corpora', 'validator-cases');
const names = JSON.parse(await readFile(join(corpus, 'index.json'), 'utf8')) as string[];
const runner = await corpusRunner(sharedPackageCache, corpus);
const results: StepResult[] = [];
for (const name of names) results.push(...(await runner.run(name)));

const percent = (t: Tally): string => (t.total === 0 ? '—' : t.total === t.unsupported ? 'unsupported' : `${((100 * t.agree) / t.total).toFixed(1)}% (${t.agree}/${t.total})`);
const categories: readonly [Category, string][] = [
  ['json', 'JSON, not terminology-dependent'],
  ['tx', 'JSON, terminology-dependent'],
  ['xml', 'XML'],
];
console.log('Verdict agreement with the HL7 reference validator (crashes count as wrong)\n');
console.log('| cases | base step | profile step |\n|---|---|---|');
for (const [category, label] of categories) {
  const base = tally(results.filter((r) => r.category === category && r.step === 'base'));
  const profile = tally(results.filter((r) => r.category === category && r.step === 'profile'));
  console.log(`| ${label} | ${percent(base)} | ${percent(profile)} |`);
}
const crashes = results.filter((r) => r.crashed);
console.log(`\ncrashes: ${crashes.length}`);

console.log('\n| module | base step | profile step |\n|---|---|---|');
for (const module of [...new Set(results.map((r) => r.module))].sort()) {
  const mine = results.filter((r) => r.module === module);
  console.log(`| ${module} | ${percent(tally(mine.filter((r) => r.step === 'base')))} | ${percent(tally(mine.filter((r) => r.step === 'profile')))} |`);
}

if (process.argv.includes('--list')) {
  console.log('\nDisagreements:');
  for (const r of results.filter((x) => x.actual !== x.expected)) {
    console.log(`- ${r.case} [${r.step}, ${r.category}, ${r.module}] expected ${r.expected ? 'valid' : 'invalid'}, got ${r.crashed ? 'CRASH' : r.actual === true ? 'valid' : 'invalid'}${r.detail === '' ? '' : `: ${r.detail.slice(0, 400)}`}`);
  }
}
