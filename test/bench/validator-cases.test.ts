import { expect } from 'chai';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { corpusRunner, tally, type StepResult } from '../../bench/validator-cases.js';
import { sharedDir, sharedPackageCache } from '../support/paths.js';

/**
 * HL7's validator test cases as a regression floor: no crash on any of them, and verdicts that agree with
 * the HL7 reference validator at least as often as the targets (bench/validator-agreement.ts prints the figures).
 */
describe("agreement with the HL7 reference validator on HL7's validator test cases", function () {
  this.timeout(300_000);
  let results: StepResult[];

  before(async () => {
    const corpus = join(sharedDir, 'corpora', 'validator-cases');
    const names = JSON.parse(await readFile(join(corpus, 'index.json'), 'utf8')) as string[];
    const runner = await corpusRunner(sharedPackageCache, corpus);
    results = [];
    for (const name of names) results.push(...(await runner.run(name)));
  });

  it('crashes on none of them', () => {
    expect(results.filter((r) => r.crashed).map((r) => `${r.case} [${r.step}]: ${r.detail}`)).to.deep.equal([]);
  });

  it('agrees on at least 85% of the JSON base steps that do not depend on a terminology server', () => {
    const t = tally(results.filter((r) => r.category === 'json' && r.step === 'base'));
    expect(t.total).to.equal(179);
    expect(t.agree / t.total).to.be.at.least(0.85);
  });

  it('agrees on at least 75% of the XML base steps (XML is read through the FHIR definitions)', () => {
    const t = tally(results.filter((r) => r.category === 'xml' && r.step === 'base'));
    expect(t.total).to.equal(117);
    expect(t.agree / t.total).to.be.at.least(0.75);
  });

  it('agrees on at least 80% of the JSON profile steps', () => {
    const t = tally(results.filter((r) => r.category !== 'xml' && r.step === 'profile'));
    expect(t.total).to.equal(25);
    expect(t.agree / t.total).to.be.at.least(0.8);
  });
});
