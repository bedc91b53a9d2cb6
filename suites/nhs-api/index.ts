import { defineSuite } from '../../runner/dsl/index.js';
import { errors } from './errors.js';
import { headers } from './headers.js';
import { inputs } from './spec.js';
import { versioning } from './versioning.js';

export default defineSuite({
  id: 'nhs-api',
  version: '1.0.0',
  title: 'NHS England API conventions',
  description:
    'The conventions of NHS England APIs (as the PDS FHIR API specification and the NHS error CodeSystems set them): ' +
    'X-Request-ID required and mirrored, X-Correlation-ID mirrored, application/fhir+json, errors as OperationOutcome ' +
    'with NHS error codes and matching statuses, ETag W/"n" and If-Match on update. Update tests run only against a ' +
    'target declared writable and remove what they create.',
  requirements: new URL('./requirements.json', import.meta.url),
  inputs,
  tests: [headers, errors, versioning],
});
