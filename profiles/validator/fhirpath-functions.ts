import type { NativeScope } from './native-invariants.js';

/**
 * What the validator gives fhirpath.js besides the R4 model: R4's reading of the string tests, and resolve()
 * and htmlChecks() bound to where the resource being validated sits.
 */

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
const stringTests: FunctionTable = {
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

/** Where the functions bound to a resource's place (resolve(), htmlChecks()) sit in the environment fhirpath.js gets. */
const placeFunctions = Symbol('placeFunctions');

/**
 * What an invariant sees besides its focus: %resource, %rootResource and the functions bound to where the
 * resource sits. `vars` is the environment handed to fhirpath.js, made once per resource.
 */
export interface InvariantScope extends NativeScope {
  readonly vars: Readonly<Record<string | symbol, unknown>>;
}

/** The scope of one resource: resolve() and htmlChecks() as fhirpath.js calls them, and htmlChecks() for native forms. */
export function invariantScope(resource: Record<string, unknown>, rootResource: Record<string, unknown>, functions: FunctionTable, htmlChecks: (div: string) => boolean): InvariantScope {
  return Object.freeze({ resource, rootResource, htmlChecks, vars: Object.freeze({ resource, rootResource, [placeFunctions]: functions }) });
}

/**
 * The functions every compiled expression is given, once: the string tests, and resolve()/htmlChecks(), which
 * call the implementation the current resource's environment carries (fhirpath.js calls them with its context
 * as `this`, whose `vars` is that environment). Passing a table per call would cost a copy of the options on
 * every evaluation.
 */
export const compiledFunctions: FunctionTable = {
  ...stringTests,
  matches: javaMatches(),
  resolve: fromPlace('resolve'),
  htmlChecks: fromPlace('htmlChecks'),
};

/**
 * matches() as the reference validator (Java) reads R4's patterns: fhirpath.js compiles them in unicode mode,
 * which rejects the identity escapes (`\\'`, `\\:`) and the lone `]` of eld-19 and eld-20, so neither was ever
 * checked. Otherwise as fhirpath.js: a search anywhere in the string, `.` matching newlines.
 */
export const matchesFlags = 's';

function javaMatches(): FunctionTable[string] {
  return {
    internalStructures: true,
    arity: { 1: ['String'] },
    fn(inputs: unknown[], pattern: unknown): unknown[] {
      if (inputs.length > 1) throw new Error(`expected a single string, got ${inputs.length} items`);
      const value = inputs.length === 0 ? undefined : nodeData(inputs[0]);
      if (value === undefined || value === null || typeof pattern !== 'string' || pattern === '') return [];
      if (typeof value !== 'string') throw new Error(`expected a string, got ${typeof value}`);
      return [new RegExp(pattern, matchesFlags).test(value)];
    },
  };
}

function fromPlace(name: string): FunctionTable[string] {
  return {
    internalStructures: true,
    fn(this: unknown, inputs: unknown[], ...parameters: unknown[]): unknown[] {
      const vars = (this as { vars?: Record<symbol, unknown> } | undefined)?.vars;
      const own = (vars?.[placeFunctions] as FunctionTable | undefined)?.[name];
      if (own === undefined) throw new Error(`${name}() is not available here`);
      return own.fn.call(this, inputs, ...parameters);
    },
  };
}
