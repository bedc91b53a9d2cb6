import type { TestContext } from '../../runner/dsl/index.js';

/** The inputs of the fhir-r4-rest suite, shared by its group files. */
export const inputs = {
  resourceTypes: {
    type: 'string[]',
    title: 'Resource types to test (default: every type the CapabilityStatement claims)',
    optional: true,
  },
  knownResources: {
    type: 'string[]',
    title: 'Resources the target holds, as Type/id, used where a search finds none',
    optional: true,
  },
  writeResource: {
    type: 'string',
    title: 'JSON of the resource write tests create, update and delete (default: a test Patient); they remove what they create',
    optional: true,
  },
} as const;

export type Ctx = TestContext<typeof inputs>;

export const fhirJson = 'application/fhir+json';
