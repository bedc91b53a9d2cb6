import { expect } from 'chai';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runAssay } from '../../../support/assay-binary.js';
import { generateKeys, writeReport } from '../../../support/certificate-files.js';
import { runReportFixture } from '../../../support/run-report-fixture.js';

describe('assay score', () => {
  let dir: string;
  let jwks: string;
  let good: string;
  let forged: string;

  before(async () => {
    dir = await mkdtemp(join(tmpdir(), 'assay-score-'));
    const keys = await generateKeys(dir, 'assessor');
    jwks = keys.jwks;
    const report = await writeReport(dir, runReportFixture().report);
    good = join(dir, 'acme.jws');
    const issued = await runAssay(['certify', report, '--key', keys.privateKey, '--organisation', 'Acme Health', '--product', 'Acme EPR', '--out', good]);
    if (issued.code !== 0) throw new Error(issued.stderr);
    const jws = await readFile(good, 'utf8');
    forged = join(dir, 'forged.jws');
    const payload = JSON.parse(Buffer.from(jws.split('.')[1] ?? '', 'base64url').toString()) as { conformance: { level: number } };
    payload.conformance.level = 5;
    await writeFile(forged, [jws.split('.')[0], Buffer.from(JSON.stringify(payload)).toString('base64url'), jws.split('.')[2]].join('.'));
  });
  after(() => rm(dir, { recursive: true, force: true }));

  it('counts only certificates that verify, and says which were not counted', async () => {
    const result = await runAssay(['score', good, forged, '--jwks', jwks]);
    expect(result.code).to.equal(0);
    const view = JSON.parse(result.stdout) as { suppliers: { organisation: string; level: number }[]; levels: Record<string, number>; rejected: { file: string; reason: string }[] };
    expect(view.suppliers.map((s) => [s.organisation, s.level])).to.deep.equal([['Acme Health', 3]]);
    expect(view.levels).to.deep.equal({ 1: 0, 2: 0, 3: 1, 4: 0, 5: 0 });
    expect(view.rejected.map((r) => [r.file, r.reason])).to.deep.equal([[forged, 'signature']]);
    expect(result.stderr).to.equal(
      `assay: not counted: ${forged}: signature: the signature does not match key "assessor": the certificate was altered, or signed by a different key\n` +
        'assay: scored 1 interfaces from 1 verified certificates; 1 not counted\n',
    );
  });

  it('writes CSV to a file', async () => {
    const out = join(dir, 'suppliers.csv');
    const result = await runAssay(['score', good, '--jwks', jwks, '--format', 'csv', '--out', out]);
    expect(result).to.deep.include({ code: 0, stdout: '' });
    const lines = (await readFile(out, 'utf8')).split('\r\n');
    expect(lines[0]).to.match(/^organisation,product,version,endpoint,level,label,/);
    expect(lines[1]).to.match(/^Acme Health,Acme EPR,not stated,https:\/\/fhir\.example-supplier\.test\/R4,3,developing,true,true,true,0,0,self-assessed,Acme Health,assessor,/);
  });
});
