import type { Definitions } from '../types.js';
import type { Findings } from './issues.js';
import type { InvariantScope } from './fhirpath-functions.js';
import type { InvariantEngine } from './invariants.js';
import type { CodeCheck } from './bindings.js';
import type { XhtmlReport } from './narrative.js';
import type { StructureRegistry } from './structures.js';
import type { TerminologyService } from '../terminology/index.js';

/** Everything a validator compiles once and keeps: shared, read-only after construction. */
export interface Engine {
  readonly definitions: Definitions;
  readonly structures: StructureRegistry;
  readonly invariants: InvariantEngine;
  readonly terminology: TerminologyService;
  /** Whether UK (NHS England) identifier rules apply: a UK Core package is loaded. */
  readonly nhsRules: boolean;
  /** The clock, for limits relative to now (a maxValueDuration on a date). */
  readonly now: () => Date;
}

/** A Bundle whose entries references resolve against. */
export interface BundleScope {
  readonly bundle: Record<string, unknown>;
  readonly path: string;
  readonly entries: readonly BundleEntryRef[];
  /** The first entry holding each resource object (a linear search per entry made large Bundles quadratic). */
  readonly byResource: ReadonlyMap<object, BundleEntryRef>;
}

export interface BundleEntryRef {
  readonly fullUrl: string | undefined;
  readonly resource: Record<string, unknown> | undefined;
  readonly index: number;
}

/** The resource being validated, and where it sits (contained in another, an entry of a Bundle). */
export interface ResourceFrame {
  readonly resource: Record<string, unknown>;
  readonly type: string;
  readonly path: string;
  /** The resource this one is contained in. */
  readonly container: ResourceFrame | undefined;
  /** %rootResource: the outermost container (the resource itself when not contained). */
  readonly root: ResourceFrame;
  readonly bundle: BundleScope | undefined;
  /** The Bundle entry's fullUrl, when the resource is a Bundle entry. */
  readonly fullUrl: string | undefined;
  /** What its invariants see: %resource, %rootResource and resolve() bound to this resource's place. */
  readonly scope: InvariantScope;
  /** For a Bundle, its entries as the scope its entries' references resolve in (worked out once). */
  ownBundle(): BundleScope;
}

/** One validation: its findings and the code checks deferred to terminology. */
export interface Run {
  readonly engine: Engine;
  readonly findings: Findings;
  readonly codeChecks: CodeCheck[];
  /** Resources already validated against their base definition and claimed profiles in this run. */
  readonly validated: Set<object>;
  /** Resources being checked against profiles right now (to stop references that loop back). */
  readonly checking: Map<object, Set<string>>;
  /** Narrative checked in this run (htmlChecks() and the xhtml rules read the same report). */
  readonly xhtml: Map<string, XhtmlReport>;
}
