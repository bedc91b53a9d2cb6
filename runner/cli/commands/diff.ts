import { defineCommand, notBuiltYet } from '../command.js';

export const diffCommand = defineCommand({
  name: 'diff',
  summary: 'list regressions and fixes by requirement between two reports or certificates',
  usage: 'OLD NEW [options]',
  positionals: true,
  options: {
    format: { type: 'string', value: 'text|json', description: 'text (default) or json' },
  },
  examples: ['assay diff last-month/report.json assay-report/report.json'],
  run: notBuiltYet('diff', 'the reports and certificates work'),
});
