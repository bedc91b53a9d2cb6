import { expect } from 'chai';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { commands } from '../../../runner/cli/registry.js';
import { runAssay } from '../../support/assay-binary.js';
import { repoRoot } from '../../support/paths.js';

describe('the assay command', () => {
  it('lists every command in --help and exits 0', async () => {
    const result = await runAssay(['--help']);
    expect(result.code).to.equal(0);
    expect(result.stderr).to.equal('');
    for (const command of commands) {
      expect(result.stdout).to.match(new RegExp(`^ {2}${command.name} +${escape(command.summary)}$`, 'm'));
    }
    expect(result.stdout).to.contain('Exit codes: 0 passed, 1 failed, 2 usage or configuration error');
  });

  it('prints its version from package.json', async () => {
    const { version } = JSON.parse(readFileSync(join(repoRoot, 'package.json'), 'utf8')) as { version: string };
    const result = await runAssay(['--version']);
    expect(result).to.deep.include({ code: 0, stdout: `${version}\n`, stderr: '' });
  });

  describe('<command> --help', () => {
    for (const command of commands) {
      it(`shows the flags and an example of "assay ${command.name}"`, async () => {
        const result = await runAssay([command.name, '--help']);
        expect(result.code).to.equal(0);
        expect(result.stdout).to.contain(`Usage: assay ${command.name}`);
        for (const flag of Object.keys(command.options)) {
          expect(result.stdout).to.match(new RegExp(`--${flag}\\b`), `--${flag} missing from help`);
        }
        expect(result.stdout).to.match(/^Examples?:\n {2}assay /m);
      });
    }
  });

  it('suggests the closest command for an unknown one and exits 2', async () => {
    const result = await runAssay(['valdate', 'x.json']);
    expect(result).to.deep.include({ code: 2, stdout: '' });
    expect(result.stderr).to.equal('assay: unknown command "valdate"; did you mean "assay validate"?\n');
  });

  it('points at --help when an unknown command resembles nothing', async () => {
    const result = await runAssay(['frobnicate']);
    expect(result.code).to.equal(2);
    expect(result.stderr).to.equal('assay: unknown command "frobnicate"; see "assay --help" for the commands\n');
  });

  it('names an unknown flag, suggests the closest one and exits 2', async () => {
    const result = await runAssay(['run', '--targt', 'http://127.0.0.1:1']);
    expect(result.code).to.equal(2);
    expect(result.stderr).to.equal(
      'assay: unknown flag --targt for "assay run"; did you mean --target? See "assay run --help"\n',
    );
  });

  it('names an unknown flag that resembles nothing', async () => {
    const result = await runAssay(['keys', '--frobnicate']);
    expect(result.code).to.equal(2);
    expect(result.stderr).to.equal('assay: unknown flag --frobnicate for "assay keys"; see "assay keys --help"\n');
  });

  it('says when a flag needs a value', async () => {
    const result = await runAssay(['demo', '--out']);
    expect(result.code).to.equal(2);
    expect(result.stderr).to.equal('assay: flag --out of "assay demo" needs a value; see "assay demo --help"\n');
  });

  it('refuses arguments for a command that takes only flags', async () => {
    const result = await runAssay(['suites', 'extra']);
    expect(result.code).to.equal(2);
    expect(result.stderr).to.equal(
      'assay: "assay suites" takes no arguments, only flags (got "extra"); see "assay suites --help"\n',
    );
  });

  it('never prints a stack trace for a usage error', async () => {
    const result = await runAssay(['--nonsense']);
    expect(result.code).to.equal(2);
    expect(result.stderr.split('\n').filter(Boolean)).to.have.length(1);
    expect(result.stderr).not.to.match(/\bat .+:\d+:\d+/);
  });
});

function escape(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
