import type { Command } from './command.js';
import { certifyCommand } from './commands/certify.js';
import { demoCommand } from './commands/demo.js';
import { diffCommand } from './commands/diff.js';
import { gateCommand } from './commands/gate.js';
import { keysCommand } from './commands/keys.js';
import { packagesCommand } from './commands/packages.js';
import { runCommand } from './commands/run.js';
import { sandboxCommand } from './commands/sandbox.js';
import { scoreCommand } from './commands/score.js';
import { suitesCommand } from './commands/suites.js';
import { validateCommand } from './commands/validate.js';
import { verifyCommand } from './commands/verify.js';

/**
 * Every `assay` subcommand, registered here and nowhere else, in the order `assay --help` lists them.
 * Command modules stay light: they import heavy engines (profiles, transport) inside `run`.
 */
export const commands: readonly Command[] = [
  runCommand,
  validateCommand,
  suitesCommand,
  sandboxCommand,
  demoCommand,
  certifyCommand,
  verifyCommand,
  scoreCommand,
  gateCommand,
  diffCommand,
  keysCommand,
  packagesCommand,
];
