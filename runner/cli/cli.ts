import { parseArgs } from 'node:util';
import type { ExitCode as ExitCodeValue } from '../errors.js';
import { ExitCode, UsageError, UserError } from '../errors.js';
import { assayVersion } from '../package-root.js';
import type { CliIo, Command, OptionsSpec, ParsedOptions } from './command.js';
import { commandHelp, overviewHelp } from './help.js';
import { commands } from './registry.js';
import { closest } from './suggest.js';

/**
 * Runs one `assay` invocation and returns its exit code. This is the one place where errors are caught:
 * a UserError becomes one line on stderr and its code; anything else is a bug and prints its stack.
 */
export async function runCli(
  argv: readonly string[],
  io: CliIo,
  registry: readonly Command[] = commands,
): Promise<ExitCodeValue> {
  try {
    return await dispatch(argv, io, registry);
  } catch (error) {
    if (error instanceof UserError) {
      io.stderr.write(`assay: ${error.line}\n`);
      return error.exitCode;
    }
    io.stderr.write(
      'assay: internal error: this is a bug in Assay, please report it with the text below\n' +
        `${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`,
    );
    return ExitCode.Internal;
  }
}

async function dispatch(argv: readonly string[], io: CliIo, registry: readonly Command[]): Promise<ExitCodeValue> {
  const [first, ...rest] = argv;
  if (first === undefined || first === '--help' || first === '-h' || first === 'help') {
    io.stdout.write(overviewHelp(registry, assayVersion()));
    return ExitCode.Ok;
  }
  if (first === '--version' || first === '-v') {
    io.stdout.write(`${assayVersion()}\n`);
    return ExitCode.Ok;
  }
  if (first.startsWith('-')) {
    throw new UsageError(`unknown flag ${first}`, { fix: 'put a command first, e.g. "assay run --help"; see "assay --help"' });
  }
  const command = registry.find((candidate) => candidate.name === first);
  if (command === undefined) {
    const suggestion = closest(first, registry.map((c) => c.name));
    throw new UsageError(`unknown command "${first}"`, {
      fix: suggestion === undefined ? 'see "assay --help" for the commands' : `did you mean "assay ${suggestion}"?`,
    });
  }
  if (rest.includes('--help') || rest.includes('-h')) {
    io.stdout.write(commandHelp(command));
    return ExitCode.Ok;
  }
  return command.run(parseCommandArgs(command, rest), io);
}

function parseCommandArgs<S extends OptionsSpec>(
  command: Command<S>,
  args: readonly string[],
): { options: ParsedOptions<S>; positionals: string[] } {
  try {
    const { values, positionals } = parseArgs({
      args: [...args],
      options: command.options,
      strict: true,
      allowPositionals: command.positionals,
    });
    return { options: values, positionals };
  } catch (error) {
    throw translateParseError(command, error);
  }
}

/** node:util's parse errors, reworded to name the flag and the fix. */
function translateParseError(command: Command, error: unknown): unknown {
  if (!(error instanceof Error) || !('code' in error)) return error;
  const help = `see "assay ${command.name} --help"`;
  const flag = /'(-{1,2}[^'\s]+)/.exec(error.message)?.[1];
  switch (error.code) {
    case 'ERR_PARSE_ARGS_UNKNOWN_OPTION': {
      const name = flag ?? 'flag';
      const suggestion = closest(name.replace(/^-+/, ''), Object.keys(command.options));
      return new UsageError(`unknown flag ${name} for "assay ${command.name}"`, {
        fix: suggestion === undefined ? help : `did you mean --${suggestion}? See "assay ${command.name} --help"`,
      });
    }
    case 'ERR_PARSE_ARGS_INVALID_OPTION_VALUE':
      return new UsageError(`flag ${flag ?? ''} of "assay ${command.name}" ${describeValueProblem(error.message)}`, {
        fix: help,
      });
    case 'ERR_PARSE_ARGS_UNEXPECTED_POSITIONAL':
      return new UsageError(`"assay ${command.name}" takes no arguments, only flags (got ${JSON.stringify(
        /'([^']*)'/.exec(error.message)?.[1] ?? '',
      )})`, { fix: help });
    default:
      return error;
  }
}

function describeValueProblem(message: string): string {
  return /argument missing/.test(message) ? 'needs a value' : 'takes no value';
}
