import { expect } from 'chai';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { collectRun, replayRun } from '../../../reports/collected-run.js';
import { htmlReport, htmlReporter } from '../../../reports/html/report-page.js';
import type { HeadlessBrowser } from '../../support/browser.js';
import { launchBrowser } from '../../support/browser.js';
import { runReportFixture } from '../../support/run-report-fixture.js';

describe('the HTML report', () => {
  const { report, exchanges } = runReportFixture({
    outcomes: {
      'fhir-r4-rest/read/patient': 'fail',
      'fhir-r4-rest/read/etag': 'fail',
      'fhir-r4-rest/write/create': 'omit',
      'pds/retrieve/by-nhs-number': 'skip',
    },
  });
  let dir: string;
  let file: string;
  let html: string;

  before(async () => {
    dir = await mkdtemp(join(tmpdir(), 'assay-html-'));
    file = join(dir, 'report.html');
    await htmlReporter(file).fold(replayRun(report, exchanges));
    html = await readFile(file, 'utf8');
  });
  after(() => rm(dir, { recursive: true, force: true }));

  it('is one self-contained file: no external stylesheet, script, image or font', () => {
    expect(html).not.to.match(/<link\b|\bsrc=|@import|url\(/i);
    expect(html).to.contain(`<meta http-equiv="Content-Security-Policy" content="default-src &#39;none&#39;;`);
  });

  it('escapes what the endpoint sent', () => {
    expect(html).not.to.contain('<script>alert');
    expect(html).to.contain('&#60;html&#62;&#60;script&#62;alert(&#34;x&#34;)&#60;/script&#62;Internal error&#60;/html&#62;');
  });

  it('gives the same bytes for the same run', async () => {
    expect(htmlReport(await collectRun(replayRun(report, exchanges)))).to.equal(html);
  });

  describe('in headless chromium', () => {
    let browser: HeadlessBrowser;
    before(async () => (browser = await launchBrowser()));
    after(() => browser.close());

    it('renders the summary with failures first, loads nothing else and logs no error', async () => {
      const { page, errors, requests, dialogs } = await browser.open(pathToFileURL(file).href);
      expect(await page.title()).to.equal('Assay report: supplier (run-2025-03-01-0001)');
      expect(await page.locator('#shown').textContent()).to.equal('Showing 12 of 12 tests');
      const firstTests = (await page.locator('details.test > summary').allTextContents()).slice(0, 3);
      expect(firstTests.map((text) => text.trim())).to.deep.equal([
        'fail SHALL: read Patient fhir-r4-rest/read/patient',
        'fail SHOULD: read returns a weak ETag fhir-r4-rest/read/etag',
        'skip SHALL: retrieve by NHS number pds/retrieve/by-nhs-number',
      ]);
      expect(errors).to.deep.equal([]);
      expect(dialogs).to.deep.equal([]);
      expect(requests).to.deep.equal([pathToFileURL(file).href]);
      await page.close();
    });

    it("opens a failure's evidence on click and shows the request and response", async () => {
      const { page, errors } = await browser.open(pathToFileURL(file).href);
      const failure = page.locator('details.test[data-outcome="fail"]').first();
      const exchange = failure.locator('details.exchange');
      expect(await exchange.isVisible()).to.equal(false);
      await failure.locator(':scope > summary').click();
      await exchange.locator('summary').click();
      const body = exchange.locator('pre.body');
      expect(await body.isVisible()).to.equal(true);
      expect(await body.textContent()).to.equal('<html><script>alert("x")</script>Internal error</html>');
      expect(await exchange.locator('summary').textContent()).to.equal('GET https://fhir.example-supplier.test/R4/Patient/example → 500 (12 ms)');
      expect(await exchange.locator('pre.headers').first().textContent()).to.contain('authorization: [redacted]');
      expect(errors).to.deep.equal([]);
      await page.close();
    });

    it('goes from a requirement to the test that verifies it', async () => {
      const { page } = await browser.open(pathToFileURL(file).href);
      const requirement = page.locator('details.requirement', { hasText: 'R4-READ-01' });
      await requirement.locator('summary').click();
      await requirement.locator('a', { hasText: 'read Patient' }).click();
      const test = page.locator('details.test', { hasText: 'fhir-r4-rest/read/patient' }).first();
      // The page opens the test when the link's hash changes: wait for it rather than race it.
      await page.locator('details.test[open]', { hasText: 'fhir-r4-rest/read/patient' }).first().waitFor({ timeout: 10_000 });
      expect(await test.getAttribute('open')).to.equal('');
      expect(await test.locator('.message').textContent()).to.equal('Why: expected status 200 but got 500 <script>alert("x")</script>');
      await page.close();
    });

    it('filters by outcome, suite and text', async () => {
      const { page, errors } = await browser.open(pathToFileURL(file).href);
      await page.locator('input[name=outcome][value=pass]').uncheck();
      expect(await page.locator('#shown').textContent()).to.equal('Showing 4 of 12 tests');
      const visible = await page.locator('details.test:visible').all();
      expect(await Promise.all(visible.map((test) => test.getAttribute('data-outcome')))).to.deep.equal(['fail', 'fail', 'skip', 'omit']);
      await page.locator('select[name=suite]').selectOption('pds');
      expect(await page.locator('#shown').textContent()).to.equal('Showing 1 of 12 tests');
      await page.locator('select[name=suite]').selectOption('');
      await page.locator('input[name=search]').fill('etag');
      expect(await page.locator('#shown').textContent()).to.equal('Showing 1 of 12 tests');
      expect(await page.locator('details.requirement:visible').count()).to.equal(1);
      expect(errors).to.deep.equal([]);
      await page.close();
    });
  });
});
