import { expect } from 'chai';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { certificateHtml } from '../../../reports/certificate/certificate-html.js';
import type { IssuedCertificate } from '../../../reports/certificate/issue.js';
import { issueCertificate } from '../../../reports/certificate/issue.js';
import { generateSigningKey, signerFromJwk } from '../../../reports/certificate/signing-key.js';
import { fixedClock } from '../../../reports/clock.js';
import type { HeadlessBrowser } from '../../support/browser.js';
import { launchBrowser } from '../../support/browser.js';
import { baseUrl, runReportFixture } from '../../support/run-report-fixture.js';

describe('the printable certificate', () => {
  let dir: string;
  let issued: IssuedCertificate;
  let browser: HeadlessBrowser;
  let privateD: string;

  before(async () => {
    dir = await mkdtemp(join(tmpdir(), 'assay-cert-html-'));
    const key = await generateSigningKey('EdDSA', 'assessor-2025');
    privateD = String(key.privateJwk.d);
    const { report } = runReportFixture({ outcomes: { 'nhs-api/headers/x-request-id': 'fail' } });
    issued = await issueCertificate(
      report,
      await signerFromJwk(key.privateJwk, 'key'),
      { organisation: 'Acme <Health>', product: 'Acme EPR', version: '4.2', endpoint: baseUrl },
      fixedClock('2025-03-02T09:00:00Z'),
      { method: 'independent', issuerName: 'Assurance Ltd' },
    );
    await writeFile(join(dir, 'certificate.html'), certificateHtml(issued));
    browser = await launchBrowser();
  });
  after(async () => {
    await browser.close();
    await rm(dir, { recursive: true, force: true });
  });

  it('shows the verification code, subject, result, scope and issue in a browser, with no error', async () => {
    const { page, errors, requests } = await browser.open(pathToFileURL(join(dir, 'certificate.html')).href);
    expect(await page.locator('#verification-code').textContent()).to.equal(issued.verificationCode);
    const text = (await page.locator('main').innerText()).replace(/\t/g, ' ');
    expect(text).to.contain('Organisation Acme <Health>');
    expect(text).to.contain('Level 2: basic');
    expect(text).to.contain('NHS-API-HDR-01 (nhs-api, SHALL)');
    expect(text).to.contain('Issuer Assurance Ltd (key assessor-2025)');
    expect(text).to.contain('Method independent');
    expect(text).to.contain('Expires 2026-03-02T09:00:00.000Z');
    expect(text).to.contain(`Run report digest sha256:${issued.certificate.report.digest}`);
    expect(text).to.contain('fhir.r4.ukcore.stu2 2.0.2');
    expect(await page.locator('pre.jws').textContent()).to.equal(issued.jws);
    expect(text).not.to.contain(privateD);
    expect(errors).to.deep.equal([]);
    expect(requests).to.have.length(1);
    await page.close();
  });

  it('prints to a PDF (A4) without error', async () => {
    const { page } = await browser.open(pathToFileURL(join(dir, 'certificate.html')).href);
    const pdf = await page.pdf({ format: 'A4' });
    expect(pdf.subarray(0, 5).toString('latin1')).to.equal('%PDF-');
    await page.close();
  });
});
