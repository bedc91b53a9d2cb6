import type { TestContext } from '../../runner/dsl/index.js';

/** The inputs of the nhs-api suite, shared by its group files. */
export const inputs = {
  readPath: {
    type: 'string',
    title: 'A read the target serves, e.g. Patient/9000000009 (default: the first match of a search of a claimed type)',
    optional: true,
  },
  unknownReadPath: {
    type: 'string',
    title: 'A read of a resource the target does not hold, e.g. Patient/9111231130 on PDS (default: <type>/assay-unknown-<uuid>)',
    optional: true,
  },
  writeResource: {
    type: 'string',
    title: 'JSON of the resource write tests create and update (default: a test Patient); they remove what they create',
    optional: true,
  },
} as const;

export type Ctx = TestContext<typeof inputs>;
