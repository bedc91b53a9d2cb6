import type { OperationOutcome } from 'fhir/r4.js';
import { LocalTerminology, type TerminologyService } from '../terminology/index.js';
import type { Definitions, ValidateOptions } from '../types.js';
import { resolveCodeChecks } from './bindings.js';
import type { Engine, Run } from './context.js';
import { InvariantEngine, type InvariantComparison } from './invariants.js';
import { Findings, toOperationOutcome } from './issues.js';
import { validateResource } from './resource.js';
import { StructureRegistry } from './structures.js';

export interface ValidatorOptions {
  /** How codes are checked; local expansion of the loaded ValueSets and CodeSystems by default. */
  readonly terminology?: TerminologyService;
  /** Apply NHS England identifier rules (NHS number, ODS codes); by default, when a UK Core package is loaded. */
  readonly nhsRules?: boolean;
  /** The clock, for limits relative to now; the system clock by default. */
  readonly now?: () => Date;
  /** Reuse an invariant's result for elements that look the same to it (see invariant-projection.ts); on by default. */
  readonly reuseInvariantResults?: boolean;
  /**
   * For the equivalence test of the native forms of R4's invariants (native-invariants.ts): each evaluation of
   * a native form is also made by fhirpath.js and both verdicts are passed here. Slow; off by default.
   */
  readonly crossCheckNativeInvariants?: (comparison: InvariantComparison) => void;
}

export interface Validator {
  validate(resource: unknown, options?: ValidateOptions): Promise<OperationOutcome>;
}

/**
 * A validator over one set of definitions. StructureDefinitions are compiled and FHIRPath invariants parsed
 * on first use and kept inside this validator; nothing is shared between validators.
 */
export function createValidator(definitions: Definitions, options: ValidatorOptions = {}): Validator {
  const engine: Engine = Object.freeze({
    definitions,
    structures: new StructureRegistry(definitions),
    invariants: new InvariantEngine(options.reuseInvariantResults ?? true, options.crossCheckNativeInvariants),
    terminology: options.terminology ?? new LocalTerminology(definitions),
    nhsRules: options.nhsRules ?? definitions.packages.some((p) => p.id.startsWith('fhir.r4.ukcore') || p.id.startsWith('uk.nhsdigital')),
    now: options.now ?? (() => new Date()),
  });
  return Object.freeze({
    async validate(resource: unknown, validateOptions: ValidateOptions = {}): Promise<OperationOutcome> {
      const findings = new Findings();
      // Plain sets and maps: a run holds only the resource it validates, and weak ones cost the collector more.
      const run: Run = { engine, findings, codeChecks: [], validated: new Set(), checking: new Map(), xhtml: new Map() };
      const path = isObjectWithType(resource) ? resource.resourceType : 'Resource';
      try {
        validateResource(run, resource, path, {}, validateOptions.profiles ?? []);
      } catch (error) {
        if (!isStackOverflow(error)) throw error;
        // A hostile or broken resource nested thousands of levels deep: a verdict, not a crash.
        findings.error('too-costly', path, 'The resource nests its elements too deeply to be validated (the walk ran out of stack); it was not fully checked');
      }
      await resolveCodeChecks(run.codeChecks, engine.terminology, findings);
      return toOperationOutcome(findings.list, engine.terminology.mode);
    },
  });
}

function isStackOverflow(error: unknown): boolean {
  return error instanceof RangeError && error.message.includes('call stack');
}

function isObjectWithType(value: unknown): value is { resourceType: string } {
  return typeof value === 'object' && value !== null && typeof (value as { resourceType?: unknown }).resourceType === 'string';
}
