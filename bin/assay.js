#!/usr/bin/env node
// The `assay` command. In a checkout the TypeScript sources run through tsx, so what runs is always
// what is in the tree; the published package carries no sources and runs the compiled dist/.
import { existsSync } from 'node:fs';

const root = new URL('../', import.meta.url);
const source = new URL('runner/cli/main.ts', root);

if (existsSync(source)) {
  const { register } = await import('tsx/esm/api');
  register();
  await import(source.href);
} else {
  await import(new URL('dist/runner/cli/main.js', root).href);
}
