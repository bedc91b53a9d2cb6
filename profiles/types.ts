import type { OperationOutcome } from 'fhir/r4.js';

/**
 * The contract between the profiles engine and everything that uses it (runner, sandbox, suites, reports).
 * A ProfileSet is built once from packages, frozen, and passed in; nothing keeps one in a module-level map.
 */

/** A FHIR package as `id#version`. */
export interface PackageRef {
  readonly id: string;
  readonly version: string;
}

/** A package that was loaded, with what a certificate needs to name it exactly. */
export interface LoadedPackage extends PackageRef {
  /** sha256 (hex) of the package's content, stable across cache layouts and tarballs. */
  readonly sha256: string;
  /** Where it was loaded from: a cache folder, a package folder or a .tgz. */
  readonly source: string;
  readonly dependencies: readonly PackageRef[];
}

/** How terminology was checked; recorded in every outcome and every run report. */
export type TerminologyMode =
  | { readonly kind: 'local' }
  | { readonly kind: 'remote'; readonly server: string };

export interface ValidateOptions {
  /** Profiles (canonical `url` or `url|version`) to validate against, besides any the resource claims in meta.profile. */
  readonly profiles?: readonly string[];
}

export interface ProfileSet {
  readonly packages: readonly LoadedPackage[];
  readonly terminology: TerminologyMode;
  /**
   * A conformance resource by canonical: `url` resolves to the newest loaded version, `url|version`
   * resolves exactly or not at all.
   */
  resolve(canonical: string): ConformanceResource | undefined;
  /**
   * Validates one resource (parsed JSON, possibly not FHIR at all). Findings come back as an
   * OperationOutcome; it rejects only when the validator itself is broken, never for bad content.
   */
  validate(resource: unknown, options?: ValidateOptions): Promise<OperationOutcome>;
}

/** Any conformance resource (StructureDefinition, ValueSet, CodeSystem, SearchParameter, ...). */
export interface ConformanceResource {
  readonly resourceType: string;
  readonly url?: string;
  readonly version?: string;
  readonly id?: string;
  readonly [element: string]: unknown;
}
