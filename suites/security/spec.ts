import type { TestContext } from '../../runner/dsl/index.js';

/** The inputs and outputs of the security suite, shared by its group files. */
export const inputs = {
  expiredToken: {
    type: 'string',
    title: "An expired access token from the target's own issuer, to check it is rejected",
    optional: true,
    secret: true,
  },
  wrongAudienceToken: {
    type: 'string',
    title: "A valid access token from the target's issuer for a different audience, to check it is rejected",
    optional: true,
    secret: true,
  },
  certificateExpiryDays: {
    type: 'number',
    title: 'Days of validity the server certificate must have left',
    default: 30,
  },
  oversizeBytes: {
    type: 'number',
    title: 'Size of the one oversized request body sent (bytes)',
    default: 12 * 1024 * 1024,
  },
} as const;

export const outputs = {
  oversizeStatus: { type: 'string', title: 'How the target answered the oversized body: a status, or the transport failure' },
} as const;

export type Ctx = TestContext<typeof inputs, typeof outputs>;

export const fhirJson = 'application/fhir+json';
