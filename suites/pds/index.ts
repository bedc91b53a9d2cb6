/**
 * The Personal Demographics Service FHIR API suite, written from its OpenAPI specification
 * (../shared/nhs/pds/specification; requirements.json points into it). Every sandbox scenario of the
 * specification is a test; the NHS numbers and queries are inputs defaulting to the sandbox's values.
 * Tests apply only to a target that declares the `pds` API pack in its scope.
 */
import { defineSuite } from '../../runner/dsl/index.js';
import { coverage } from './coverage.js';
import { createPatient } from './create.js';
import { headers } from './headers.js';
import { inputs } from './inputs.js';
import { relatedPerson } from './related-person.js';
import { retrieve } from './retrieve.js';
import { search } from './search.js';
import { searchErrors } from './search-errors.js';
import { update } from './update.js';

export default defineSuite({
  id: 'pds',
  version: '1.0.0',
  title: 'Personal Demographics Service (PDS) FHIR API',
  description: 'Retrieve, search, update and create patients, related people and coverage, as the PDS FHIR API specification describes them.',
  requirements: new URL('./requirements.json', import.meta.url),
  inputs,
  tests: [retrieve, headers, search, searchErrors, update, relatedPerson, createPatient, coverage],
});
