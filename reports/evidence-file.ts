import { readFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { UsageError } from '../runner/errors.js';
import { sha256Hex } from './digest.js';
import type { Exchange, RunReport } from './model.js';

export type EvidenceCheck =
  | { readonly state: 'missing'; readonly file: string }
  | { readonly state: 'altered'; readonly file: string; readonly sha256: string }
  | { readonly state: 'intact'; readonly file: string; readonly exchanges: readonly Exchange[] };

/**
 * Reads the evidence file beside a run report (one exchange per line as canonical JSON) and checks it is
 * the one the report names by sha256. The certificate signs the report, the report names the evidence:
 * an altered evidence file breaks that chain here.
 */
export async function readEvidence(reportFile: string, report: RunReport): Promise<EvidenceCheck> {
  const file = join(dirname(reportFile), report.evidence.file);
  let bytes: Buffer;
  try {
    bytes = await readFile(file);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return { state: 'missing', file };
    throw new UsageError(`cannot read evidence ${file} (${(error as NodeJS.ErrnoException).code ?? String(error)})`, { fix: 'check its permissions' });
  }
  const sha256 = sha256Hex(bytes);
  if (sha256 !== report.evidence.sha256) return { state: 'altered', file, sha256 };
  const lines = bytes.toString('utf8').split('\n').filter((line) => line !== '');
  return { state: 'intact', file, exchanges: lines.map((line) => JSON.parse(line) as Exchange) };
}
