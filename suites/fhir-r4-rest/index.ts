import { defineSuite } from '../../runner/dsl/index.js';
import { capabilities } from './capabilities.js';
import { conditional } from './conditional.js';
import { format } from './format.js';
import { read } from './read.js';
import { search } from './search.js';
import { inputs } from './spec.js';
import { subsetting } from './subsetting.js';
import { versions } from './versions.js';
import { write } from './write.js';

export default defineSuite({
  id: 'fhir-r4-rest',
  version: '1.0.0',
  title: 'FHIR R4 RESTful API',
  description:
    'The FHIR R4 RESTful API (http.html, search.html) as the target\'s CapabilityStatement claims it: what is not claimed ' +
    'is omitted with the reason. Read-only by default: write tests run only against a target declared writable, and ' +
    'remove every resource they create.',
  requirements: new URL('./requirements.json', import.meta.url),
  inputs,
  packages: ['hl7.fhir.r4.core#4.0.1'],
  tests: [capabilities, search, read, versions, subsetting, format, write, conditional],
});
