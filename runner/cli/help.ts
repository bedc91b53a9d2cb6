import type { Command, OptionSpec } from './command.js';

const helpFlag: OptionSpec = { type: 'boolean', short: 'h', description: 'show this help' };

/** `assay <command> --help`: what it does, its flags and at least one example. */
export function commandHelp(command: Command): string {
  const rows = Object.entries({ ...command.options, help: helpFlag }).map(([name, spec]) => {
    const short = spec.short === undefined ? '    ' : `-${spec.short}, `;
    const value = spec.type === 'string' ? ` ${spec.value ?? 'VALUE'}` : '';
    const repeat = spec.multiple === true ? ' (repeatable)' : '';
    return [`${short}--${name}${value}`, `${spec.description}${repeat}`] as const;
  });
  return [
    `assay ${command.name}: ${command.summary}`,
    '',
    `Usage: assay ${command.name} ${command.usage}`.trimEnd(),
    '',
    'Options:',
    ...table(rows),
    '',
    command.examples.length === 1 ? 'Example:' : 'Examples:',
    ...command.examples.map((example) => `  ${example}`),
    '',
  ].join('\n');
}

/** `assay --help`: every command with its one-line summary. */
export function overviewHelp(commands: readonly Command[], version: string): string {
  return [
    `assay ${version}: conformance harness for FHIR R4, UK Core and NHS England API standards`,
    '',
    'Usage: assay <command> [options]',
    '',
    'Commands:',
    ...table(commands.map((command) => [command.name, command.summary] as const)),
    '',
    'Options:',
    ...table([
      ['-h, --help', 'show this help'],
      ['-v, --version', "print Assay's version"],
    ]),
    '',
    'Run "assay <command> --help" for its flags and an example.',
    'Exit codes: 0 passed, 1 failed, 2 usage or configuration error, 3 target unreachable, 4 internal error, 130 interrupted.',
    '',
  ].join('\n');
}

function table(rows: readonly (readonly [string, string])[]): string[] {
  const width = Math.max(...rows.map(([left]) => left.length));
  return rows.map(([left, right]) => `  ${left.padEnd(width)}  ${right}`);
}
