import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { RunReport } from '../../reports/model.js';
import { runAssay } from './assay-binary.js';

/** An issuer's key pair made by the real `assay keys generate` in `dir/keys`. */
export async function generateKeys(dir: string, kid = 'test-issuer'): Promise<{ privateKey: string; jwks: string }> {
  const result = await runAssay(['keys', 'generate', '--out', join(dir, 'keys'), '--kid', kid]);
  if (result.code !== 0) throw new Error(`assay keys generate failed: ${result.stderr}`);
  return { privateKey: join(dir, 'keys', 'issuer.private.jwk'), jwks: join(dir, 'keys', 'issuer.jwks.json') };
}

/** Writes a run report as the runner would (pretty JSON) and returns its path. */
export async function writeReport(dir: string, report: RunReport, name = 'report.json'): Promise<string> {
  const file = join(dir, name);
  await writeFile(file, `${JSON.stringify(report, null, 2)}\n`);
  return file;
}
