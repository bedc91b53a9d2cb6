// The sandbox under load, in its own process so the load generator does not share its thread.
// Started by bench/sandbox.ts; reports its base URL, then its memory when asked, over IPC.
import { loadProfileSet } from '../profiles/index.js';
import { loadSandboxContent, startSandbox, ukCorePackage } from '../sandbox/index.js';

const cacheDir = process.env.ASSAY_PACKAGE_CACHE ?? '../shared/fhir-packages';
// As `assay sandbox` starts: the validator's ProfileSet (UK Core and R4 core), then the content it serves.
const profilesStarted = performance.now();
const profiles = await loadProfileSet({ packages: [ukCorePackage], cacheDir });
const profilesMs = performance.now() - profilesStarted;
const loadStarted = performance.now();
const content = await loadSandboxContent({ cacheDir });
const loadMs = performance.now() - loadStarted;
const startStarted = performance.now();
const sandbox = await startSandbox({ content, profiles });
const startMs = performance.now() - startStarted;
process.send?.({ baseUrl: sandbox.baseUrl, profilesMs, loadMs, startMs });
process.on('message', (message) => {
  if (message === 'memory') process.send?.({ rssBytes: process.memoryUsage().rss });
  if (message === 'stop') void sandbox.close().then(() => process.disconnect());
});
