import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { BrowserContext, Page } from 'playwright-core';
import { chromium } from 'playwright-core';

const executablePath = '/usr/bin/chromium';

/** Debian's chromium, headless, with a fresh profile; .ci/run installs it. */
export interface HeadlessBrowser {
  readonly context: BrowserContext;
  /** Opens a page recording console errors, page errors, dialogs and every request it makes. */
  open(url: string): Promise<{ page: Page; errors: string[]; requests: string[]; dialogs: string[] }>;
  close(): Promise<void>;
}

export async function launchBrowser(): Promise<HeadlessBrowser> {
  if (!existsSync(executablePath)) {
    throw new Error(`${executablePath} is missing: install Debian's chromium (apt-get install chromium), as .ci/run does`);
  }
  const profile = await mkdtemp(join(tmpdir(), 'assay-chromium-'));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath,
    headless: true,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
  return {
    context,
    async open(url) {
      const page = await context.newPage();
      const errors: string[] = [];
      const requests: string[] = [];
      const dialogs: string[] = [];
      page.on('console', (message) => {
        if (message.type() === 'error' || message.type() === 'warning') errors.push(message.text());
      });
      page.on('pageerror', (error) => errors.push(error.message));
      page.on('request', (request) => requests.push(request.url()));
      page.on('dialog', (dialog) => {
        dialogs.push(dialog.message());
        void dialog.dismiss();
      });
      await page.goto(url);
      return { page, errors, requests, dialogs };
    },
    async close() {
      await context.close();
      await rm(profile, { recursive: true, force: true });
    },
  };
}
