import fhirpath, { type Model } from 'fhirpath';
import r4Model from 'fhirpath/fhir-context/r4/index.js';
import type { Visit } from './element.js';
import { projectionKey, projectionOf, type Projection } from './invariant-projection.js';
import { compiledFunctions, type InvariantScope } from './fhirpath-functions.js';
import { pathOf, type Where } from './issues.js';
import { eleOne, extOne, nativeInvariant, type NativeForm, type NativeInvariant } from './native-invariants.js';
import { simpleInvariant, type SimpleInvariant } from './simple-invariants.js';
import type { Constraint, ElementNode } from './structure.js';

/** A compiled expression: fhirpath.js gets the focus and the environment only (its options are fixed at compile time). */
type Evaluator = (data: unknown, vars: Readonly<Record<string | symbol, unknown>>) => unknown[];

/** One evaluation of a native form beside fhirpath.js (ValidatorOptions.crossCheckNativeInvariants). */
export interface InvariantComparison {
  readonly key: string;
  /** The element, as findings name it. */
  readonly path: string;
  /** The native verdict, or undefined where the native form left it to fhirpath.js. */
  readonly native: boolean | undefined;
  /** fhirpath.js's verdict as the validator reads it, or the error it threw. */
  readonly fhirpath: boolean | Error;
}

interface PlannedConstraint {
  readonly constraint: Constraint & { readonly expression: string };
  readonly native: NativeInvariant | undefined;
}

/**
 * Invariants compiled with HL7's fhirpath.js (R4 model), each expression once per validator and context type,
 * except R4's own where they have a native form (native-invariants.ts).
 */
export class InvariantEngine {
  readonly #compiled = new Map<string, CompiledInvariant | Error>();
  readonly #byConstraint = new WeakMap<Constraint, Map<string | undefined, CompiledInvariant | Error>>();
  readonly #planned = new WeakMap<readonly Constraint[], readonly PlannedConstraint[]>();
  readonly #simple = new Map<string, SimpleInvariant | null>();
  readonly #reuse: boolean;
  readonly crossCheck: ((comparison: InvariantComparison) => void) | undefined;
  #typePaths: Map<string, string> | undefined;

  constructor(reuseResults: boolean, crossCheck?: (comparison: InvariantComparison) => void) {
    this.#reuse = reuseResults;
    this.crossCheck = crossCheck;
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

  /**
   * A node's constraints with their native forms, worked out once per list; without the structural ones, which
   * the walk checks where it meets every element (checkStructuralInvariants, and ele-1 of primitives in
   * validatePrimitiveItem).
   */
  planned(constraints: readonly Constraint[]): readonly PlannedConstraint[] {
    let planned = this.#planned.get(constraints);
    if (planned === undefined) {
      const list: PlannedConstraint[] = [];
      for (const constraint of constraints) {
        if (constraint.expression === undefined) continue;
        const native = nativeInvariant(constraint.key, constraint.expression);
        if (native?.structural !== true) list.push({ constraint: constraint as PlannedConstraint['constraint'], native });
      }
      planned = list;
      this.#planned.set(constraints, planned);
    }
    return planned;
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
      if (!(compiled instanceof Error)) compiled.simple = this.#simpleOf(compiled.source);
      this.#compiled.set(key, compiled);
    }
    return compiled;
  }

  /** The simple form of an expression (simple-invariants.ts), parsed once whatever the context type. */
  #simpleOf(source: string): SimpleInvariant | undefined {
    let simple = this.#simple.get(source);
    if (simple === undefined) {
      simple = simpleInvariant(source) ?? null;
      this.#simple.set(source, simple);
    }
    return simple ?? undefined;
  }
}

/**
 * An invariant ready to run, with what it reads of its focus (see projectionOf) and the verdicts already
 * computed for each distinct projection: elements that look the same to the expression share a verdict.
 */
export interface CompiledInvariant {
  readonly evaluate: Evaluator;
  readonly source: string;
  /** The model path of its focus (undefined: the resource's own type). */
  readonly base: string | undefined;
  /** Its direct evaluation on the JSON, when it is simple enough (simple-invariants.ts). */
  simple: SimpleInvariant | undefined;
  /** The simple form bound to each model path met (null: not simple there). */
  readonly bound: Map<string, NativeForm | null>;
  /** What it reads (see projectionOf), worked out on its second evaluation: in a one-off run most are evaluated once. */
  projection: Projection | undefined;
  evaluations: number;
  readonly verdicts: Map<string, boolean>;
}

/** Enough distinct projections for the repetitive parts of resources, without keeping every value ever seen. */
const maxResults = 256;
const maxKeyLength = 256;

/**
 * Compiled once with everything that does not change between evaluations: the R4 model, the functions, and
 * internal types left unresolved (the validator reads only whether the result is true, so converting result
 * nodes back to JSON, and marking JSON objects with their paths, would be wasted work).
 */
function compileExpression(expression: string, base: string | undefined, reuse: boolean): CompiledInvariant | Error {
  try {
    const source = r4Compatible(expression);
    const path = base === undefined ? source : { base, expression: source };
    const options = { traceFn: () => undefined, resolveInternalTypes: false, userInvocationTable: compiledFunctions };
    const evaluate = fhirpath.compile(path, r4Model as unknown as Model, options as Parameters<typeof fhirpath.compile>[2]) as unknown as Evaluator;
    return { evaluate, source, base, simple: undefined, bound: new Map(), projection: undefined, evaluations: reuse ? 0 : -Infinity, verdicts: new Map() };
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

/** Evaluates each constraint on one element; a constraint that fails reports its own severity and text. */
export function checkInvariants(visit: Visit, constraints: readonly Constraint[], value: unknown, node: ElementNode, path: Where, type?: string): void {
  if (constraints.length === 0) return;
  const { run, frame } = visit;
  const engine = run.engine.invariants;
  const crossCheck = engine.crossCheck;
  const planned = engine.planned(constraints);
  for (let i = 0; i < planned.length; i++) {
    const { constraint, native } = planned[i] as PlannedConstraint;
    let verdict = native?.evaluate(value, frame.scope);
    if (crossCheck !== undefined && native !== undefined) compare(visit, constraint, native, value, node, path, type);
    if (verdict === undefined) {
      verdict = fhirpathVerdict(visit, constraint, contextBase(visit, node, type, engine), value, path);
      if (verdict === undefined) continue;
    }
    if (!verdict) {
      const source = constraint.source ?? visit.structure.url;
      const from = source.startsWith('http://hl7.org/fhir/StructureDefinition/') ? '' : ` (from ${constraint.source ?? visit.structure.label})`;
      run.findings.add(constraint.severity, 'invariant', path, `Constraint failed: ${constraint.key}: '${constraint.human}'${from}`);
    }
  }
}

/**
 * ele-1 and ext-1 where the walk meets every complex element: an element has a value or children besides id;
 * an extension has a value or extensions, not both. Natively, with R4's expressions through fhirpath.js
 * where the JSON is unusual (see native-invariants.ts).
 */
export function checkStructuralInvariants(visit: Visit, obj: Record<string, unknown>, owner: ElementNode, path: Where): void {
  const findings = visit.run.findings;
  const elementOk = eleOne(obj, (name) => owner.properties.has(name)) ?? structuralByFhirpath(visit, eleOneInvariant, obj, owner, path);
  if (elementOk === false) findings.error('invariant', path, "Constraint failed: ele-1: 'All FHIR elements must have a @value or children'");
  const extension = owner.path === 'Extension' || owner.path.endsWith('.extension') || owner.path.endsWith('.modifierExtension');
  if (extension && (extOne(obj) ?? structuralByFhirpath(visit, extOneInvariant, obj, owner, path)) === false) {
    findings.error('invariant', path, "Constraint failed: ext-1: 'Must have either extensions or value[x], not both'");
  }
  const crossCheck = visit.run.engine.invariants.crossCheck;
  if (crossCheck !== undefined) {
    const eleOneConstraint = { key: 'ele-1', severity: 'error', human: '', expression: eleOneInvariant.expression, source: undefined } as const;
    compare(visit, eleOneConstraint, { ...eleOneInvariant, evaluate: (focus) => eleOne(focus, (name) => owner.properties.has(name)) }, obj, owner, path, visit.host.type);
    if (extension) compare(visit, { ...eleOneConstraint, key: 'ext-1', expression: extOneInvariant.expression }, extOneInvariant, obj, owner, path, visit.host.type);
  }
}

const eleOneInvariant = requiredNative('ele-1', 'hasValue() or (children().count() > id.count())');
const extOneInvariant = requiredNative('ext-1', 'extension.exists() != value.exists()');

function requiredNative(key: string, expression: string): NativeInvariant {
  const native = nativeInvariant(key, expression);
  if (native === undefined) throw new Error(`the native form of ${key} is missing`);
  return native;
}

function structuralByFhirpath(visit: Visit, native: NativeInvariant, obj: Record<string, unknown>, owner: ElementNode, path: Where): boolean | undefined {
  const constraint = { key: native.key, severity: 'error', human: '', expression: native.expression, source: undefined } as const;
  return fhirpathVerdict(visit, constraint, contextBase(visit, owner, visit.host.type, visit.run.engine.invariants), obj, path);
}

/**
 * The verdict of its simple form, else fhirpath.js's (reusing one for an element that looks the same), or undefined,
 * reported, when it cannot give one.
 */
function fhirpathVerdict(visit: Visit, constraint: Constraint & { readonly expression: string }, base: string | undefined, value: unknown, path: Where): boolean | undefined {
  const { run, frame } = visit;
  const compiled = run.engine.invariants.forConstraint(constraint, base);
  if (compiled instanceof Error) {
    run.findings.warning('invariant', path, `Invariant ${constraint.key} was not checked: its expression could not be compiled (${compiled.message})`);
    return undefined;
  }
  const simple = simpleVerdict(compiled, value, frame.scope);
  const crossCheck = run.engine.invariants.crossCheck;
  if (crossCheck !== undefined && simple !== null) {
    crossCheck({ key: constraint.key, path: pathOf(path), native: simple, fhirpath: fhirpathResult(compiled, value, frame.scope) });
  }
  if (simple !== undefined && simple !== null) return simple;
  try {
    return evaluate(compiled, value, frame.scope);
  } catch (error) {
    run.findings.warning('invariant', path, `Invariant ${constraint.key} was not checked: evaluating '${constraint.expression}' failed (${error instanceof Error ? error.message : String(error)})`);
    return undefined;
  }
}

/** The simple form's verdict, undefined where it leaves the verdict to fhirpath.js, or null when there is no simple form. */
function simpleVerdict(compiled: CompiledInvariant, value: unknown, scope: InvariantScope): boolean | undefined | null {
  const simple = compiled.simple;
  if (simple === undefined) return null;
  const modelPath = compiled.base ?? (isObject(value) && typeof value.resourceType === 'string' ? value.resourceType : undefined);
  if (modelPath === undefined) return null;
  let form = compiled.bound.get(modelPath);
  if (form === undefined) {
    form = simple.bind(modelPath) ?? null;
    compiled.bound.set(modelPath, form);
  }
  return form === null ? null : form(value, scope);
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** fhirpath.js's own verdict, or the error it threw (for the equivalence test). */
function fhirpathResult(compiled: CompiledInvariant, value: unknown, scope: InvariantScope): boolean | Error {
  try {
    return isTrue(compiled.evaluate(value, scope.vars));
  } catch (error) {
    return error instanceof Error ? error : new Error(String(error));
  }
}

/** A native form and fhirpath.js on the same element, for the equivalence test. */
function compare(visit: Visit, constraint: Constraint & { readonly expression: string }, native: NativeInvariant, value: unknown, node: ElementNode, path: Where, type: string | undefined): void {
  const engine = visit.run.engine.invariants;
  const compiled = engine.forConstraint(constraint, contextBase(visit, node, type, engine));
  const fhirpath = compiled instanceof Error ? compiled : fhirpathResult(compiled, value, visit.frame.scope);
  engine.crossCheck?.({ key: constraint.key, path: pathOf(path), native: native.evaluate(value, visit.frame.scope), fhirpath });
}

function evaluate(compiled: CompiledInvariant, value: unknown, scope: InvariantScope): boolean {
  const vars = scope.vars;
  compiled.evaluations++;
  if (compiled.evaluations <= 1) return isTrue(compiled.evaluate(value, vars));
  if (compiled.evaluations === 2) compiled.projection = projectionOf(compiled.source);
  const key = compiled.projection === undefined ? undefined : projectionKey(value, compiled.projection, vars);
  const known = key === undefined ? undefined : compiled.verdicts.get(key);
  if (known !== undefined) return known;
  const verdict = isTrue(compiled.evaluate(value, vars));
  if (key !== undefined && key.length <= maxKeyLength && compiled.verdicts.size < maxResults) compiled.verdicts.set(key, verdict);
  return verdict;
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
