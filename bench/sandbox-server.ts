// The sandbox under load, in its own process so the load generator does not share its thread.
// Started by bench/sandbox.ts; reports its base URL, then its memory when asked, over IPC.
import type { ProfileSet } from '../profiles/index.js';
import { loadSandboxContent, startSandbox } from '../sandbox/index.js';

const cacheDir = process.env.ASSAY_PACKAGE_CACHE ?? '../shared/fhir-packages';
const loadStarted = performance.now();
const content = await loadSandboxContent({ cacheDir });
const loadMs = performance.now() - loadStarted;
// Reads and searches are what is measured; no write is sent, so no validator is needed.
const profiles: ProfileSet = {
  packages: [],
  terminology: { kind: 'local' },
  resolve: () => undefined,
  validate: () => Promise.reject(new Error('the benchmark sends no writes')),
};
const startStarted = performance.now();
const sandbox = await startSandbox({ content, profiles });
const startMs = performance.now() - startStarted;
process.send?.({ baseUrl: sandbox.baseUrl, loadMs, startMs });
process.on('message', (message) => {
  if (message === 'memory') process.send?.({ rssBytes: process.memoryUsage().rss });
  if (message === 'stop') void sandbox.close().then(() => process.disconnect());
});
