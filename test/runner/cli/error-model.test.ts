import { expect } from 'chai';
import { PassThrough } from 'node:stream';
import type { CliIo } from '../../../runner/cli/command.js';
import { defineCommand } from '../../../runner/cli/command.js';
import { runCli } from '../../../runner/cli/cli.js';
import { ExitCode, UnreachableError } from '../../../runner/errors.js';

/** An in-process CLI with captured output, for the error paths no shipped command can take on purpose. */
function captureIo(): { io: CliIo; stdout: () => string; stderr: () => string } {
  const out = new PassThrough();
  const err = new PassThrough();
  let stdout = '';
  let stderr = '';
  out.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
  err.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
  return { io: { stdout: out, stderr: err, env: {}, cwd: process.cwd() }, stdout: () => stdout, stderr: () => stderr };
}

function commandThatThrows(error: Error) {
  return defineCommand({
    name: 'explode',
    summary: 'throws',
    usage: '',
    positionals: false,
    options: {},
    examples: ['assay explode'],
    run: () => Promise.reject(error),
  });
}

describe('the CLI error model', () => {
  it('prints an internal error with its stack, says it is a bug and exits 4', async () => {
    const capture = captureIo();
    const code = await runCli(['explode'], capture.io, [commandThatThrows(new TypeError('boom'))]);
    expect(code).to.equal(ExitCode.Internal);
    expect(capture.stderr()).to.match(/^assay: internal error: this is a bug in Assay, please report it/);
    expect(capture.stderr()).to.contain('TypeError: boom');
    expect(capture.stderr()).to.match(/\n\s+at /);
  });

  it('gives an unreachable target exit 3 and one line', async () => {
    const capture = captureIo();
    const error = new UnreachableError('cannot connect to https://fhir.example.test (ECONNREFUSED)', {
      fix: 'check the base URL and that the server is up',
    });
    const code = await runCli(['explode'], capture.io, [commandThatThrows(error)]);
    expect(code).to.equal(ExitCode.Unreachable);
    expect(capture.stderr()).to.equal(
      'assay: cannot connect to https://fhir.example.test (ECONNREFUSED); check the base URL and that the server is up\n',
    );
  });
});
