// The public face of the profiles room: packages, the canonical index, snapshots, terminology and the validator.
export type {
  ConformanceResource,
  LoadedPackage,
  PackageRef,
  ProfileSet,
  TerminologyMode,
  ValidateOptions,
} from './types.js';
