/**
 * One error model for the whole command line (DESIGN.md, "Exit codes"). Code that finds a problem the
 * user can fix throws a UserError naming the problem and the fix; the CLI catches in one place, prints one
 * line and exits with the error's code. Anything else that escapes is a bug in Assay (exit 4, with a stack).
 */
export const ExitCode = {
  /** Ran; every required test passed (or the gate policy passed). */
  Ok: 0,
  /** Ran; a required test failed, or the gate policy failed. */
  Failed: 1,
  /** Usage or configuration error: bad flag, unreadable config, unknown suite, bad package. */
  Usage: 2,
  /** Could not reach the target or run at all: DNS, TLS, connection refused. */
  Unreachable: 3,
  /** Internal error: a bug in Assay. */
  Internal: 4,
  /** Interrupted (Ctrl-C, SIGINT) after writing a partial report; the shell's convention, 128 + 2. */
  Interrupted: 130,
} as const;

export type ExitCode = (typeof ExitCode)[keyof typeof ExitCode];

export interface UserErrorOptions {
  /** What the user can do about it, e.g. 'pass --package-cache DIR or set ASSAY_PACKAGE_CACHE'. */
  readonly fix?: string;
  readonly cause?: unknown;
}

/** A problem the user can fix: printed as one line, never with a stack. */
export class UserError extends Error {
  readonly exitCode: typeof ExitCode.Usage | typeof ExitCode.Unreachable;
  readonly fix: string | undefined;

  constructor(
    message: string,
    options: UserErrorOptions & { exitCode?: typeof ExitCode.Usage | typeof ExitCode.Unreachable } = {},
  ) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'UserError';
    this.exitCode = options.exitCode ?? ExitCode.Usage;
    this.fix = options.fix;
  }

  /** The one line the CLI prints. */
  get line(): string {
    return this.fix === undefined ? this.message : `${this.message}; ${this.fix}`;
  }
}

/** Bad flag, config, package, profile or suite: exit 2. */
export class UsageError extends UserError {
  constructor(message: string, options: UserErrorOptions = {}) {
    super(message, { ...options, exitCode: ExitCode.Usage });
    this.name = 'UsageError';
  }
}

/** The `code` of a Node.js system error (ENOENT, EACCES, ...), if it has one. */
export function errorCode(error: unknown): string | undefined {
  return error instanceof Error && 'code' in error && typeof error.code === 'string' ? error.code : undefined;
}

/** The target could not be reached at all (DNS, TLS, connection refused): exit 3. */
export class UnreachableError extends UserError {
  constructor(message: string, options: UserErrorOptions = {}) {
    super(message, { ...options, exitCode: ExitCode.Unreachable });
    this.name = 'UnreachableError';
  }
}
