import { defineCommand } from '../command.js';
import { packageOptions } from '../common-options.js';

export const suitesCommand = defineCommand({
  name: 'suites',
  summary: 'list the conformance suites, their versions and requirement counts',
  usage: '[options]',
  positionals: false,
  options: {
    coverage: { type: 'boolean', description: 'per suite, the requirements with and without tests, and tests with none' },
    format: { type: 'string', value: 'text|json', description: 'text (default) or json' },
    config: { type: 'string', value: 'FILE', description: 'a config whose suiteModules add your own suites' },
    'package-cache': packageOptions['package-cache'],
  },
  examples: ['assay suites', 'assay suites --coverage --format json'],
  async run({ options }, io) {
    const { suitesCommandBody } = await import('../suites/suites-command.js');
    return suitesCommandBody(options, io);
  },
});
