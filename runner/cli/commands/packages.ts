import { defineCommand, notBuiltYet } from '../command.js';
import { packageOptions } from '../common-options.js';

export const packagesCommand = defineCommand({
  name: 'packages',
  summary: 'list, inspect and install FHIR packages in the package cache',
  usage: 'list | install ID#VERSION | info ID#VERSION [options]',
  positionals: true,
  options: {
    'package-cache': packageOptions['package-cache'],
    registry: { type: 'string', value: 'URL', description: 'the FHIR package registry (default: https://packages.fhir.org)' },
  },
  examples: ['assay packages list', 'assay packages install fhir.r4.ukcore.stu2#2.0.2'],
  run: notBuiltYet('packages', 'the profiles work (packages)'),
});
