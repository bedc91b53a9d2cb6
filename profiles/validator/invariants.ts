import fhirpath, { type Model } from 'fhirpath';
import r4Model from 'fhirpath/fhir-context/r4/index.js';
import type { Visit } from './element.js';
import { focusDependencies, hasAnyProperty } from './invariant-guard.js';
import type { Findings } from './issues.js';
import type { Constraint, ElementNode } from './structure.js';

type Evaluator = (data: unknown, vars: Record<string, unknown>, options: { userInvocationTable: FunctionTable }) => unknown[];

/** Functions the validator supplies to FHIRPath for one resource: resolve() within its Bundle and containers, htmlChecks(). */
export type FunctionTable = Record<string, { fn: (this: unknown, inputs: unknown[]) => unknown[]; internalStructures: true }>;

/** What an invariant sees besides its focus: %resource, %rootResource and the functions bound to them. */
export interface InvariantScope {
  readonly resource: Record<string, unknown>;
  readonly rootResource: Record<string, unknown>;
  readonly functions: FunctionTable;
}

/**
 * Invariants compiled with HL7's fhirpath.js (R4 model), each expression once per validator and context type.
 * Two rules every element carries (ele-1, ext-1) are checked natively: they are structural, run on every
 * element, and evaluating them through FHIRPath would dominate the validator's time.
 */
export class InvariantEngine {
  readonly #compiled = new Map<string, CompiledInvariant | Error>();

  compiled(expression: string, base: string | undefined): CompiledInvariant | Error {
    const key = `${base ?? ''}\u0000${expression}`;
    let compiled = this.#compiled.get(key);
    if (compiled === undefined) {
      compiled = compileExpression(expression, base);
      this.#compiled.set(key, compiled);
    }
    return compiled;
  }
}

/** An invariant ready to run, and what it gives on an element that has none of the properties it reads. */
export interface CompiledInvariant {
  readonly evaluate: Evaluator;
  readonly dependencies: ReadonlySet<string> | undefined;
  emptyResult: unknown[] | undefined;
}

function compileExpression(expression: string, base: string | undefined): CompiledInvariant | Error {
  try {
    const source = r4Compatible(expression);
    const path = base === undefined ? source : { base, expression: source };
    const evaluate = fhirpath.compile(path, r4Model as unknown as Model, { traceFn: () => undefined }) as unknown as Evaluator;
    return { evaluate, dependencies: focusDependencies(source), emptyResult: undefined };
  } catch (error) {
    return error instanceof Error ? error : new Error(String(error));
  }
}

/**
 * R4 invariants whose published expression contradicts their own text, with the corrected expression
 * (que-12: "more than one enableWhen" was published as count() > 2).
 */
const expressionErrata: Readonly<Record<string, string>> = {
  'enableWhen.count() > 2 implies enableBehavior.exists()': 'enableWhen.count() > 1 implies enableBehavior.exists()',
};

/**
 * R4's invariants were written against an earlier FHIRPath: they call as() on collections (dom-3), which
 * FHIRPath N1 made an error (ofType() is what they mean), and test FHIR primitives with System type names
 * (que-7: `answer is Boolean`), which the reference validator reads as the FHIR types.
 */
function r4Compatible(expression: string): string {
  return (expressionErrata[expression] ?? expression)
    .replace(/\.as\(/g, '.ofType(')
    .replace(/\b(is|as|ofType\(|is\(|as\()\s*(Boolean|String|Integer|Decimal|Date|DateTime|Time)\b(?!\.)/g, (_m, op: string, type: string) => `${op}${op.endsWith('(') ? '' : ' '}${type.charAt(0).toLowerCase()}${type.slice(1)}`);
}

/** ele-1 and ext-1, natively: an element has a value or children besides id; an extension has a value or extensions, not both. */
export function nativeConstraints(findings: Findings, obj: Record<string, unknown>, owner: ElementNode, path: string): void {
  let children = false;
  for (const key in obj) {
    if (key !== 'id') {
      children = true;
      break;
    }
  }
  if (!children) findings.error('invariant', path, "Constraint failed: ele-1: 'All FHIR elements must have a @value or children'");
  if (owner.path === 'Extension' || owner.path.endsWith('.extension') || owner.path.endsWith('.modifierExtension')) {
    const hasExtensions = Array.isArray(obj.extension) && obj.extension.length > 0;
    let hasValue = false;
    for (const key in obj) {
      if (key.startsWith('value')) {
        hasValue = true;
        break;
      }
    }
    if (hasExtensions === hasValue) {
      findings.error('invariant', path, "Constraint failed: ext-1: 'Must have either extensions or value[x], not both'");
    }
  }
}

const nativeKeys = new Set(['ele-1', 'ext-1']);

/** Evaluates each constraint on one element; a constraint that fails reports its own severity and text. */
export function checkInvariants(visit: Visit, constraints: readonly Constraint[], value: unknown, node: ElementNode, path: string, type?: string): void {
  if (constraints.length === 0) return;
  const { run, frame } = visit;
  const base = contextBase(visit, node, type);
  const scope = frame.scope;
  for (const constraint of constraints) {
    if (nativeKeys.has(constraint.key) || constraint.expression === undefined) continue;
    const compiled = run.engine.invariants.compiled(constraint.expression, base);
    if (compiled instanceof Error) {
      run.findings.warning('invariant', path, `Invariant ${constraint.key} was not checked: its expression could not be compiled (${compiled.message})`);
      continue;
    }
    let result: unknown[];
    try {
      result = evaluate(compiled, value, scope);
    } catch (error) {
      run.findings.warning('invariant', path, `Invariant ${constraint.key} was not checked: evaluating '${constraint.expression}' failed (${error instanceof Error ? error.message : String(error)})`);
      continue;
    }
    if (!isTrue(result)) {
      const source = constraint.source ?? visit.structure.url;
      const from = source.startsWith('http://hl7.org/fhir/StructureDefinition/') ? '' : ` (from ${constraint.source ?? visit.structure.label})`;
      run.findings.add(constraint.severity, 'invariant', path, `Constraint failed: ${constraint.key}: '${constraint.human}'${from}`);
    }
  }
}

function evaluate(compiled: CompiledInvariant, value: unknown, scope: InvariantScope): unknown[] {
  const { dependencies } = compiled;
  if (dependencies !== undefined && typeof value === 'object' && value !== null && !Array.isArray(value) && !hasAnyProperty(value as Record<string, unknown>, dependencies)) {
    compiled.emptyResult ??= compiled.evaluate({}, { resource: {}, rootResource: {} }, { userInvocationTable: scope.functions });
    return compiled.emptyResult;
  }
  return compiled.evaluate(value, { resource: scope.resource, rootResource: scope.rootResource }, { userInvocationTable: scope.functions });
}

/**
 * A constraint fails only on an explicit false. Empty means the rule had nothing to say (ref-1 on a
 * Reference with only a display), which the reference validator accepts too; anything else counts as true.
 */
function isTrue(result: unknown[]): boolean {
  if (result.length === 1 && typeof result[0] === 'boolean') return result[0];
  return true;
}

/** The type FHIRPath should give the focus: a resource types itself; a datatype by name; a backbone element by path. */
function contextBase(visit: Visit, node: ElementNode, type: string | undefined): string | undefined {
  if (node === visit.structure.root) return visit.structure.kind === 'resource' ? undefined : visit.structure.type;
  const code = type ?? (node.types.length === 1 ? node.types[0]?.code : undefined);
  if (code === undefined || code === 'BackboneElement' || code === 'Element') return node.path;
  return code;
}
