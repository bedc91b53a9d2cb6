import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { repoRoot } from './paths.js';

export interface AssayResult {
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

export interface SpawnOptions {
  readonly cwd?: string;
  readonly env?: Readonly<Record<string, string>>;
  readonly stdin?: string;
}

/** Runs the real `assay` binary, as a user would, and collects what it printed and its exit code. */
export function runAssay(args: readonly string[], options: SpawnOptions = {}): Promise<AssayResult> {
  return new Promise((resolvePromise, reject) => {
    const child = spawn(process.execPath, [join(repoRoot, 'bin', 'assay.js'), ...args], {
      cwd: options.cwd ?? repoRoot,
      // compiled packages go to the checkout's (git-ignored) .assay-cache, never to the user's ~/.cache
      env: { ASSAY_COMPILED_CACHE: join(repoRoot, '.assay-cache', 'compiled'), ...process.env, ...options.env },
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
    child.on('error', reject);
    child.on('close', (code) => resolvePromise({ code, stdout, stderr }));
    child.stdin.end(options.stdin ?? '');
  });
}
