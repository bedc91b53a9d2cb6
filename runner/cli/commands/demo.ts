import { defineCommand, notBuiltYet } from '../command.js';

export const demoCommand = defineCommand({
  name: 'demo',
  summary: 'run the national suites against the built-in sandbox and write the report and certificate',
  usage: '[options]',
  positionals: false,
  options: {
    out: { type: 'string', value: 'DIR', description: 'where to write the results (default: ./assay-demo)' },
    defect: { type: 'string', value: 'A,B', description: 'switch on sandbox defects to see failures' },
  },
  examples: ['assay demo', 'assay demo --defect no-etag --out /tmp/demo'],
  run: notBuiltYet('demo', 'the sandbox work'),
});
