import type { OperationOutcome, StructureDefinition } from 'fhir/r4.js';

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

/**
 * The conformance content a validator reads: everything loaded from packages and extra definitions,
 * indexed by canonical, with StructureDefinitions always carrying a snapshot (generated when a package
 * ships a differential only). Read-only once built.
 */
export interface Definitions {
  readonly packages: readonly LoadedPackage[];
  /** Any conformance resource by canonical (`url` = newest loaded version, `url|version` = exactly that). */
  resolve(canonical: string): ConformanceResource | undefined;
  /** A StructureDefinition with its snapshot, by canonical; undefined when none is loaded. */
  structureDefinition(canonical: string): StructureDefinition | undefined;
  /** Every loaded resource of one type (e.g. all SearchParameters), each canonical's newest version first. */
  all(resourceType: string): Iterable<ConformanceResource>;
}
