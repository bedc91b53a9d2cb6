import { defineCommand, notBuiltYet } from '../command.js';
import { packageOptions } from '../common-options.js';

export const suitesCommand = defineCommand({
  name: 'suites',
  summary: 'list the conformance suites, their versions and requirement counts',
  usage: '[options]',
  positionals: false,
  options: {
    coverage: { type: 'boolean', description: 'per suite, the requirements with and without tests' },
    format: { type: 'string', value: 'text|json', description: 'text (default) or json' },
    ...packageOptions,
  },
  examples: ['assay suites --coverage'],
  run: notBuiltYet('suites', 'the runner work (suite DSL)'),
});
