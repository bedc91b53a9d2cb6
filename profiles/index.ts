// The public face of the profiles room: packages, the canonical index, snapshots, terminology and the validator.
export type {
  ConformanceResource,
  Definitions,
  LoadedPackage,
  PackageRef,
  ProfileSet,
  TerminologyMode,
  ValidateOptions,
} from './types.js';
export { CanonicalIndex, compareVersions, splitCanonical } from './canonical-index.js';
export type { LoadDefinitionsOptions } from './definitions.js';
export { loadDefinitions } from './definitions.js';
export { compiledCacheDir } from './compiled-cache/cache-key.js';
export type { PackageFlags } from './package-options.js';
export { definitionsOptions } from './package-options.js';
export { packageCacheDir } from './packages/package-cache.js';
export type { FhirPackage } from './packages/package-folder.js';
export { readPackageExamples } from './packages/package-folder.js';
export { formatPackageRef, parsePackageRef } from './packages/package-ref.js';
export type { PackageRegistry } from './packages/registry.js';
export { defaultRegistry, httpRegistry } from './packages/registry.js';
export { resolvePackages } from './packages/resolve.js';
export type { LoadProfileSetOptions } from './profile-set.js';
export { defaultPackages, loadProfileSet, profileSetOf } from './profile-set.js';
export type { Finding, IssueType, Severity, Validator, ValidatorOptions } from './validator/index.js';
export { createValidator, terminologyModeExtension } from './validator/index.js';
export type { CodeInput, LookupVerdict, MembershipVerdict, RemoteTerminologyOptions, TerminologyService } from './terminology/index.js';
export { LocalTerminology, RemoteTerminology } from './terminology/index.js';
export type { FoundIdentifier, NhsNumberProblem } from './nhs/index.js';
export {
  describeNhsNumberProblem,
  identifiersIn,
  isValidNhsNumber,
  isValidOdsOrganizationCode,
  isValidOdsSiteCode,
  nhsNumberProblem,
  nhsNumberSystem,
  odsOrganizationSystem,
  odsSiteSystem,
} from './nhs/index.js';
export { SnapshotError } from './snapshot/index.js';
