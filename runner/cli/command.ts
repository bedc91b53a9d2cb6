import type { ExitCode } from '../errors.js';

/** One flag of a command, as `node:util` parseArgs takes it plus what `--help` shows. */
export interface OptionSpec {
  readonly type: 'string' | 'boolean';
  readonly multiple?: boolean;
  readonly short?: string;
  /** Placeholder shown in help for a string flag, e.g. `DIR` or `ID#VERSION`. */
  readonly value?: string;
  readonly description: string;
}

export type OptionsSpec = Readonly<Record<string, OptionSpec>>;

type OptionValue<O extends OptionSpec> = O['type'] extends 'string'
  ? O['multiple'] extends true
    ? string[]
    : string
  : boolean;

/** The parsed flags of a command, typed from its option declarations. */
export type ParsedOptions<S extends OptionsSpec> = { readonly [K in keyof S]?: OptionValue<S[K]> };

export interface CommandInput<S extends OptionsSpec> {
  readonly options: ParsedOptions<S>;
  readonly positionals: readonly string[];
}

/** What a command may touch of the outside world; tests and embedders pass their own. */
export interface CliIo {
  readonly stdout: NodeJS.WritableStream & { readonly isTTY?: boolean };
  readonly stderr: NodeJS.WritableStream;
  readonly env: Readonly<Record<string, string | undefined>>;
  readonly cwd: string;
}

export interface Command<S extends OptionsSpec = OptionsSpec> {
  readonly name: string;
  /** One line, shown in `assay --help`. */
  readonly summary: string;
  /** Arguments after `assay <name>`, e.g. `FILE... [options]`. */
  readonly usage: string;
  readonly options: S;
  /** Whether the command takes positional arguments (files, reports, certificates). */
  readonly positionals: boolean;
  /** Complete command lines shown under "Examples" in `--help`. */
  readonly examples: readonly string[];
  run(input: CommandInput<S>, io: CliIo): Promise<ExitCode>;
}

/** Declares a command; `const` keeps the option literals so `run` sees typed flags. */
export function defineCommand<const S extends OptionsSpec>(command: Command<S>): Command<S> {
  return command;
}
