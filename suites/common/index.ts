// Helpers the national suites share: reading CapabilityStatements, Bundles and HTTP header grammar.
export type { DeclaredSearchParam, TypeInteraction } from './capability.js';
export { claimedTypes, claimsInteraction, declaredSearchParams, resourceClaim, serverRest } from './capability.js';
export type { Tally } from './tally.js';
export { tally } from './tally.js';
export { linkUrl, matchEntries, relativeReference, splitReference } from './bundle.js';
export type { EntityTag, MediaType } from './http-semantics.js';
export { parseEntityTag, parseHttpDate, parseMediaType } from './http-semantics.js';
export type { Created, CreateOptions, LocationParts, WriteContext } from './write-support.js';
export {
  claimsConditional,
  createdReference,
  ifMatchFor,
  markerSystem,
  parseLocation,
  testResource,
  writeTest,
  writeType,
} from './write-support.js';
export { requestHeaders } from './request-headers.js';
export { parsedBody, resourceTypeOf } from './response-body.js';
