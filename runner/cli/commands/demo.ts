import { defineCommand } from '../command.js';
import { packageOptions } from '../common-options.js';

export const demoCommand = defineCommand({
  name: 'demo',
  summary: 'run the national suites against the built-in sandbox and write the report and certificate',
  usage: '[options]',
  positionals: false,
  options: {
    out: { type: 'string', value: 'DIR', description: 'where to write the results (default: ./assay-demo)' },
    defect: { type: 'string', value: 'A,B', description: 'switch on sandbox defects to see failures (see "assay sandbox --list-defects")' },
    ...packageOptions,
  },
  examples: ['assay demo', 'assay demo --defect no-etag,ignores-if-match --out /tmp/demo'],
  async run({ options }, io) {
    const { demoCommandBody } = await import('../demo/demo-command.js');
    return demoCommandBody(options, io);
  },
});
