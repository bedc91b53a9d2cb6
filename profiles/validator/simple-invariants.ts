import fhirpath from 'fhirpath';
import { basePlace, childModelPlace, choiceTypes, isPlainObject, plainItems, type JsonObject } from './fhirpath-shape.js';
import type { NativeForm } from './native-invariants.js';

/**
 * Invariants written in a small part of FHIRPath, evaluated directly on the JSON: member paths from the focus,
 * exists(), empty(), count(), not(), `=`/`!=` against a string literal, count() against an integer, and
 * and/or/implies with FHIRPath's three-valued logic. Most invariants of the definitional resources are of
 * this kind (`binding.empty() or binding.valueSet.exists()`, `fixed.empty() or (type.count() <= 1)`), and
 * fhirpath.js spends far longer setting up an evaluation than such an expression takes.
 *
 * A form is bound to the model path of its focus, so each member name is known not to be a choice there
 * (fhirpath.js reads a choice only under its typed names). Like the hand-written forms (native-invariants.ts),
 * it answers undefined on JSON that fhirpath.js might read differently (`_name` companions, nulls, a value of
 * an unexpected JSON type), and fhirpath.js decides. test/profiles/validator/native-invariants.test.ts runs
 * both on every element of the examples and asserts the same verdicts.
 */

interface AstNode {
  readonly type: string;
  readonly text?: string;
  readonly children?: readonly AstNode[];
}

/** A path of member names from the focus. */
interface PathTerm {
  readonly kind: 'path';
  readonly steps: readonly string[];
}

type Term =
  | PathTerm
  | { readonly kind: 'exists' | 'empty'; readonly path: PathTerm }
  | { readonly kind: 'count'; readonly path: PathTerm; readonly op: string; readonly limit: number }
  | { readonly kind: 'equals'; readonly path: PathTerm; readonly negated: boolean; readonly literal: string }
  | { readonly kind: 'not'; readonly operand: Term }
  | { readonly kind: 'and' | 'or' | 'implies'; readonly left: Term; readonly right: Term };

/** A parsed simple invariant, bound to the place of each focus it meets. */
export interface SimpleInvariant {
  /** Its form for a focus at `base` (the path fhirpath.js is given, or the resource type at a root). */
  bind(base: string): NativeForm | undefined;
}

/** The simple form of an expression, or undefined when it uses anything beyond the subset. */
export function simpleInvariant(expression: string): SimpleInvariant | undefined {
  let term: Term | undefined;
  try {
    const tree = fhirpath.parse(expression) as AstNode;
    term = booleanTerm(unwrap(tree));
  } catch {
    return undefined;
  }
  if (term === undefined) return undefined;
  const root = term;
  return { bind: (base) => bindTerm(root, basePlace(base)) };
}

function unwrap(node: AstNode): AstNode {
  let current = node;
  while ((current.type === 'EntireExpression' || current.type === 'TermExpression' || current.type === 'ParenthesizedTerm') && current.children?.length === 1) {
    const [only] = current.children;
    if (only === undefined) break;
    current = only;
  }
  return current;
}

/** A term whose value is a boolean or empty. */
function booleanTerm(node: AstNode): Term | undefined {
  const children = (node.children ?? []).map(unwrap);
  const [left, right] = children;
  switch (node.type) {
    case 'AndExpression':
    case 'OrExpression':
    case 'ImpliesExpression': {
      if (left === undefined || right === undefined || children.length !== 2) return undefined;
      const kind = node.type === 'AndExpression' ? 'and' : node.type === 'OrExpression' ? (node.text === 'or' ? 'or' : undefined) : 'implies';
      const l = booleanTerm(left);
      const r = booleanTerm(right);
      return kind === undefined || l === undefined || r === undefined ? undefined : { kind, left: l, right: r };
    }
    case 'EqualityExpression': {
      if (left === undefined || right === undefined || (node.text !== '=' && node.text !== '!=')) return undefined;
      const path = pathTerm(left);
      const literal = stringLiteral(right);
      return path === undefined || literal === undefined ? undefined : { kind: 'equals', path, negated: node.text === '!=', literal };
    }
    case 'InequalityExpression': {
      if (left === undefined || right === undefined || left.type !== 'InvocationExpression') return undefined;
      const [counted, call] = (left.children ?? []).map(unwrap);
      const path = counted === undefined ? undefined : pathTerm(counted);
      const limit = integerLiteral(right);
      if (path === undefined || call === undefined || functionCall(call) !== 'count' || limit === undefined || node.text === undefined) return undefined;
      return { kind: 'count', path, op: node.text, limit };
    }
    case 'InvocationExpression': {
      const [target, call] = children;
      const name = call === undefined ? undefined : functionCall(call);
      if (target === undefined || name === undefined) return undefined;
      if (name === 'not') {
        const operand = booleanTerm(target);
        return operand === undefined ? undefined : { kind: 'not', operand };
      }
      const path = pathTerm(target);
      if (path === undefined) return undefined;
      return name === 'exists' || name === 'empty' ? { kind: name, path } : undefined;
    }
    case 'InvocationTerm':
    case 'MemberInvocation':
      return pathTerm(node);
    default:
      return undefined;
  }
}

/** A chain of member names from the focus. */
function pathTerm(node: AstNode): PathTerm | undefined {
  const steps: string[] = [];
  let current: AstNode | undefined = unwrap(node);
  while (current !== undefined) {
    if (current.type === 'InvocationExpression') {
      const parts: AstNode[] = (current.children ?? []).map(unwrap);
      const [target, member] = parts;
      const name = member === undefined ? undefined : memberName(member);
      if (name === undefined) return undefined;
      steps.unshift(name);
      current = target;
    } else if (current.type === 'InvocationTerm') {
      const [member] = current.children ?? [];
      const name = member === undefined ? undefined : memberName(member);
      if (name === undefined) return undefined;
      steps.unshift(name);
      current = undefined;
    } else {
      return undefined;
    }
  }
  return steps.length === 0 ? undefined : { kind: 'path', steps };
}

/** A plain member name: lower-case first (an upper-case one may be a type), no backticks. */
function memberName(node: AstNode): string | undefined {
  if (node.type !== 'MemberInvocation' || node.text === undefined) return undefined;
  return /^[a-z][A-Za-z0-9]*$/u.test(node.text) ? node.text : undefined;
}

/** The name of a function called without parameters. */
function functionCall(node: AstNode): string | undefined {
  if (node.type !== 'FunctionInvocation') return undefined;
  const [functn] = node.children ?? [];
  if (functn === undefined || functn.children?.length !== 1) return undefined;
  return functn.children[0]?.type === 'Identifier' ? functn.children[0].text : undefined;
}

function stringLiteral(node: AstNode): string | undefined {
  const literal = node.type === 'LiteralTerm' ? node.children?.[0] : undefined;
  if (literal?.type !== 'StringLiteral' || literal.text === undefined) return undefined;
  const match = /^'([^'\\]*)'$/u.exec(literal.text);
  return match?.[1];
}

function integerLiteral(node: AstNode): number | undefined {
  const literal = node.type === 'LiteralTerm' ? node.children?.[0] : undefined;
  if (literal?.type !== 'NumberLiteral' || literal.text === undefined || !/^\d{1,9}$/u.test(literal.text)) return undefined;
  return Number(literal.text);
}

/** What a term evaluates to: true, false, empty (null), or undefined where fhirpath.js must decide. */
type Value = boolean | null | undefined;
type Evaluate = (focus: JsonObject) => Value;

/** FHIR types whose JSON string fhirpath.js compares to a string literal as the string itself. */
const stringTypes = new Set(['string', 'code', 'id', 'uri', 'url', 'canonical', 'markdown']);

function bindTerm(term: Term, modelPath: string): NativeForm | undefined {
  const evaluate = bound(term, modelPath);
  if (evaluate === undefined) return undefined;
  return (focus) => {
    if (!isPlainObject(focus)) return undefined;
    const value = evaluate(focus);
    return value === undefined ? undefined : value === true;
  };
}

function bound(term: Term, modelPath: string): Evaluate | undefined {
  switch (term.kind) {
    case 'path': {
      const place = placeOf(term, modelPath);
      if (place?.type !== 'boolean') return undefined;
      return (focus) => {
        const items = itemsOf(focus, term.steps);
        if (items === undefined || items.length > 1) return undefined;
        const [item] = items;
        if (item === undefined) return null;
        return typeof item === 'boolean' ? item : undefined;
      };
    }
    case 'exists':
    case 'empty': {
      const steps = countedSteps(term.path, modelPath);
      if (steps === undefined) return undefined;
      const exists = term.kind === 'exists';
      return (focus) => {
        const items = itemsOf(focus, steps);
        return items === undefined ? undefined : (items.length > 0) === exists;
      };
    }
    case 'count': {
      const steps = countedSteps(term.path, modelPath);
      const compare = comparison(term.op, term.limit);
      if (steps === undefined || compare === undefined) return undefined;
      return (focus) => {
        const items = itemsOf(focus, steps);
        return items === undefined ? undefined : compare(items.length);
      };
    }
    case 'equals': {
      const place = placeOf(term.path, modelPath);
      if (place?.type === undefined || !stringTypes.has(place.type)) return undefined;
      const { steps } = term.path;
      const { literal, negated } = term;
      return (focus) => {
        const items = itemsOf(focus, steps);
        if (items === undefined || items.length > 1) return undefined;
        const [item] = items;
        if (item === undefined) return null;
        return typeof item === 'string' ? (item === literal) !== negated : undefined;
      };
    }
    case 'not': {
      const operand = bound(term.operand, modelPath);
      if (operand === undefined) return undefined;
      return (focus) => {
        const value = operand(focus);
        return typeof value === 'boolean' ? !value : value;
      };
    }
    case 'and':
    case 'or':
    case 'implies': {
      const left = bound(term.left, modelPath);
      const right = bound(term.right, modelPath);
      if (left === undefined || right === undefined) return undefined;
      const combine = term.kind === 'and' ? and : term.kind === 'or' ? or : implies;
      return (focus) => {
        const l = left(focus);
        if (l === undefined) return undefined;
        const r = right(focus);
        return r === undefined ? undefined : combine(l, r);
      };
    }
  }
}

function and(l: boolean | null, r: boolean | null): Value {
  if (l === false || r === false) return false;
  return l === true && r === true ? true : null;
}

function or(l: boolean | null, r: boolean | null): Value {
  if (l === true || r === true) return true;
  return l === false && r === false ? false : null;
}

function implies(l: boolean | null, r: boolean | null): Value {
  if (l === false) return true;
  if (l === true) return r;
  return r === true ? true : null;
}

function comparison(op: string, limit: number): ((count: number) => boolean) | undefined {
  switch (op) {
    case '<':
      return (count) => count < limit;
    case '<=':
      return (count) => count <= limit;
    case '>':
      return (count) => count > limit;
    case '>=':
      return (count) => count >= limit;
    default:
      return undefined;
  }
}

/** Where the path ends in the model, when no step is a choice (fhirpath.js would read only its typed names). */
function placeOf(path: PathTerm, modelPath: string): { readonly path: string; readonly type: string | undefined } | undefined {
  let place: { path: string; type: string | undefined } | undefined = { path: modelPath, type: undefined };
  for (const step of path.steps) {
    place = childModelPlace(place.path, step);
    if (place === undefined) return undefined;
  }
  return place;
}

/**
 * The steps of a path whose items are only counted: the last may be a choice (`fixed`), read as fhirpath.js
 * reads one, by the first of its typed names present (`fixedString`).
 */
function countedSteps(path: PathTerm, modelPath: string): readonly Step[] | undefined {
  const init = path.steps.slice(0, -1);
  const last = path.steps[path.steps.length - 1];
  const place = placeOf({ kind: 'path', steps: init }, modelPath);
  if (place === undefined || last === undefined) return undefined;
  const choices = choiceTypes(place.path, last);
  if (choices === undefined) return placeOf(path, modelPath) === undefined ? undefined : path.steps;
  return [...init, { name: last, choices }];
}

/** A member name, or a choice with its typed names' suffixes. */
type Step = string | { readonly name: string; readonly choices: readonly string[] };

/** The typed name of a choice present in an object (the first fhirpath.js looks for), or undefined when none is. */
function presentChoice(obj: JsonObject, step: Exclude<Step, string>): string | undefined {
  for (const type of step.choices) {
    const typed = `${step.name}${type}`;
    if (obj[typed] !== undefined || obj[`_${typed}`] !== undefined) return typed;
  }
  return undefined;
}

/** The items a member path gives, when every step is plain JSON (objects to step through); else undefined. */
function itemsOf(focus: JsonObject, steps: readonly Step[]): readonly unknown[] | undefined {
  let items: readonly unknown[] = [focus];
  for (const step of steps) {
    const next: unknown[] = [];
    for (const item of items) {
      if (!isPlainObject(item)) return undefined;
      const name = typeof step === 'string' ? step : presentChoice(item, step);
      if (name === undefined) continue;
      const found = plainItems(item, name);
      if (found === undefined) return undefined;
      for (const value of found) next.push(value);
    }
    items = next;
  }
  return items;
}
