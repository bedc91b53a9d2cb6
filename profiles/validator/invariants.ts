import fhirpath, { type Model } from 'fhirpath';
import r4Model from 'fhirpath/fhir-context/r4/index.js';
import type { Visit } from './element.js';
import { projectionKey, projectionOf, type Projection } from './invariant-projection.js';
import type { Findings } from './issues.js';
import type { Constraint, ElementNode } from './structure.js';

type Evaluator = (data: unknown, vars: Record<string, unknown>, options: { userInvocationTable: FunctionTable }) => unknown[];

/** Functions the validator supplies to FHIRPath for one resource: resolve() within its Bundle and containers, htmlChecks(). */
export type FunctionTable = Record<
  string,
  { fn: (this: unknown, inputs: unknown[], ...parameters: unknown[]) => unknown[]; internalStructures: true; arity?: Record<number, string[]> }
>;

/**
 * The string tests as R4's invariants were written for them (and as the reference validator runs them): on
 * an absent string they answer false, not empty, so `reference.startsWith('#').not()` holds for a Reference
 * with only a display. With a string they behave as FHIRPath's own.
 */
export const stringTests: FunctionTable = {
  startsWith: stringTest((s, p) => s.startsWith(p)),
  endsWith: stringTest((s, p) => s.endsWith(p)),
  contains: stringTest((s, p) => s.includes(p)),
};

/** The value a fhirpath.js node stands for (its `data`); other values are themselves. */
export function nodeData(input: unknown): unknown {
  return typeof input === 'object' && input !== null && 'data' in input && 'path' in input ? input.data : input;
}

function stringTest(test: (value: string, parameter: string) => boolean): FunctionTable[string] {
  return {
    internalStructures: true,
    arity: { 1: ['String'] },
    fn(inputs: unknown[], parameter: unknown): unknown[] {
      if (inputs.length === 0) return [false];
      if (inputs.length > 1) throw new Error(`expected a single string, got ${inputs.length} items`);
      const value = nodeData(inputs[0]);
      if (typeof parameter !== 'string' || typeof value !== 'string') return [];
      return [test(value, parameter)];
    },
  };
}

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
  readonly #byConstraint = new WeakMap<Constraint, Map<string | undefined, CompiledInvariant | Error>>();
  readonly #reuse: boolean;
  #typePaths: Map<string, string> | undefined;

  constructor(reuseResults: boolean) {
    this.#reuse = reuseResults;
  }

  /** A path of the R4 model whose type is `type` (`Quantity` → `Age.…`), or the type itself when none is. */
  pathOfType(type: string): string {
    if (this.#typePaths === undefined) {
      const paths = new Map<string, string>();
      for (const [path, pathType] of Object.entries((r4Model as unknown as Model).path2Type)) {
        const known = paths.get(pathType);
        if (known === undefined || path.length < known.length) paths.set(pathType, path);
      }
      this.#typePaths = paths;
    }
    return this.#typePaths.get(type) ?? type;
  }

  /** The compiled form of a constraint's expression for a context type, found without building a key string. */
  forConstraint(constraint: Constraint & { readonly expression: string }, base: string | undefined): CompiledInvariant | Error {
    let byBase = this.#byConstraint.get(constraint);
    if (byBase === undefined) {
      byBase = new Map();
      this.#byConstraint.set(constraint, byBase);
    }
    let compiled = byBase.get(base);
    if (compiled === undefined) {
      compiled = this.compiled(constraint.expression, base);
      byBase.set(base, compiled);
    }
    return compiled;
  }

  compiled(expression: string, base: string | undefined): CompiledInvariant | Error {
    const key = `${base ?? ''}\u0000${expression}`;
    let compiled = this.#compiled.get(key);
    if (compiled === undefined) {
      compiled = compileExpression(expression, base, this.#reuse);
      this.#compiled.set(key, compiled);
    }
    return compiled;
  }
}

/**
 * An invariant ready to run, with what it reads of its focus (see projectionOf) and the results already
 * computed for each distinct projection: elements that look the same to the expression share a result.
 */
export interface CompiledInvariant {
  readonly evaluate: Evaluator;
  readonly source: string;
  /** What it reads (see projectionOf), worked out on its second evaluation: in a one-off run most are evaluated once. */
  projection: Projection | undefined;
  evaluations: number;
  readonly results: Map<string, unknown[]>;
}

/** Enough distinct projections for the repetitive parts of resources, without keeping every value ever seen. */
const maxResults = 256;
const maxKeyLength = 256;

function compileExpression(expression: string, base: string | undefined, reuse: boolean): CompiledInvariant | Error {
  try {
    const source = r4Compatible(expression);
    const path = base === undefined ? source : { base, expression: source };
    const evaluate = fhirpath.compile(path, r4Model as unknown as Model, { traceFn: () => undefined }) as unknown as Evaluator;
    return { evaluate, source, projection: undefined, evaluations: reuse ? 0 : -Infinity, results: new Map() };
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
 * FHIRPath N1 made an error (ofType() is what they mean); they test FHIR primitives with System type names
 * (que-7: `answer is Boolean`), which the reference validator reads as the FHIR types; and they test the type
 * of optional elements (ras-2: `probability is decimal implies …`), where an absent element is not of the type
 * (false) rather than unknown (empty). Rewritten outside string literals only.
 */
function r4Compatible(expression: string): string {
  return outsideStrings(expressionErrata[expression] ?? expression, (code) =>
    code
      .replace(/\.as\(/g, '.ofType(')
      .replace(/\b(is|as|ofType\(|is\(|as\()\s*(Boolean|String|Integer|Decimal|Date|DateTime|Time)\b(?!\.)/g, (_m, op: string, type: string) => `${op}${op.endsWith('(') ? '' : ' '}${type.charAt(0).toLowerCase()}${type.slice(1)}`)
      .replace(/(^|[\s(])([A-Za-z_]\w*(?:\.[A-Za-z_]\w*)*)\s+is\s+([A-Za-z][\w.]*)/g, (_m, before: string, path: string, type: string) => `${before}(${path}.exists() and ${path} is ${type})`),
  );
}

/** Applies a rewrite to the parts of an expression outside '…' string literals. */
function outsideStrings(expression: string, rewrite: (code: string) => string): string {
  return expression
    .split(/('(?:[^'\\]|\\.)*')/)
    .map((part, i) => (i % 2 === 1 ? part : rewrite(part)))
    .join('');
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
  const base = contextBase(visit, node, type, run.engine.invariants);
  const scope = frame.scope;
  for (const constraint of constraints) {
    if (nativeKeys.has(constraint.key) || constraint.expression === undefined) continue;
    const compiled = run.engine.invariants.forConstraint(constraint as Constraint & { expression: string }, base);
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
  const vars = { resource: scope.resource, rootResource: scope.rootResource };
  compiled.evaluations++;
  if (compiled.evaluations <= 1) return compiled.evaluate(value, vars, { userInvocationTable: scope.functions });
  if (compiled.evaluations === 2) compiled.projection = projectionOf(compiled.source);
  const key = compiled.projection === undefined ? undefined : projectionKey(value, compiled.projection, vars);
  const known = key === undefined ? undefined : compiled.results.get(key);
  if (known !== undefined) return known;
  const result = compiled.evaluate(value, vars, { userInvocationTable: scope.functions });
  if (key !== undefined && key.length <= maxKeyLength && compiled.results.size < maxResults) compiled.results.set(key, result);
  return result;
}

/**
 * The reference validator's reading of an invariant's result: one boolean is itself, any other non-empty
 * collection is true, and empty is false (per-1 on a start and end of different precisions fails).
 */
function isTrue(result: unknown[]): boolean {
  if (result.length === 1 && typeof result[0] === 'boolean') return result[0];
  return result.length > 0;
}

/**
 * Where FHIRPath should think the focus is, so that it types it: a resource types itself; a backbone element by
 * its path; a datatype by a path the R4 model knows holds that type (fhirpath.js types a base from its path).
 */
function contextBase(visit: Visit, node: ElementNode, type: string | undefined, engine: InvariantEngine): string | undefined {
  if (node === visit.structure.root) return visit.structure.kind === 'resource' ? undefined : engine.pathOfType(visit.structure.type);
  const code = type ?? (node.types.length === 1 ? node.types[0]?.code : undefined);
  if (code === undefined || code === 'BackboneElement' || code === 'Element') return node.path;
  return engine.pathOfType(code);
}
