import { defineCommand, notBuiltYet } from '../command.js';

export const sandboxCommand = defineCommand({
  name: 'sandbox',
  summary: 'start the reference UK Core FHIR server, optionally with named defects',
  usage: '[options]',
  positionals: false,
  options: {
    port: { type: 'string', value: 'N', description: 'port on 127.0.0.1 (default: a free port, printed)' },
    defect: { type: 'string', value: 'A,B', description: 'switch on named defects (see --list-defects)' },
    auth: { type: 'boolean', description: 'require a bearer token from its token endpoint' },
    'list-defects': { type: 'boolean', description: 'list the defects and the requirement each breaks' },
  },
  examples: ['assay sandbox --port 8080 --defect no-etag,ignores-if-match'],
  run: notBuiltYet('sandbox', 'the sandbox work'),
});
