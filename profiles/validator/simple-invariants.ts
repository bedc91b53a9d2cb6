import { basePlace, childModelPlace, choiceTypes, isPlainObject, plainItems, type JsonObject } from './fhirpath-shape.js';
import { matchesFlags } from './fhirpath-functions.js';
import type { NativeForm } from './native-invariants.js';
import { parseSimple, type PathTerm, type Term } from './simple-invariant-syntax.js';

/**
 * Invariants written in a small part of FHIRPath, evaluated directly on the JSON: member paths from the focus,
 * exists(), empty(), count(), not(), matches() and `=`/`!=` with a string literal, count() against an integer, and
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

/** A parsed simple invariant, bound to the place of each focus it meets. */
export interface SimpleInvariant {
  /** Its form for a focus at `base` (the path fhirpath.js is given, or the resource type at a root). */
  bind(base: string): NativeForm | undefined;
}

/** The simple form of an expression, or undefined when it uses anything beyond the subset. */
export function simpleInvariant(expression: string): SimpleInvariant | undefined {
  const root = parseSimple(expression);
  if (root === undefined) return undefined;
  return { bind: (base) => bindTerm(root, basePlace(base)) };
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
      const steps = term.steps.map(member);
      return (focus) => {
        const items = itemsOf(focus, steps);
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
      const steps = term.path.steps.map(member);
      const { literal, negated } = term;
      return (focus) => {
        const items = itemsOf(focus, steps);
        if (items === undefined || items.length > 1) return undefined;
        const [item] = items;
        if (item === undefined) return null;
        return typeof item === 'string' ? (item === literal) !== negated : undefined;
      };
    }
    case 'matches': {
      const place = placeOf(term.path, modelPath);
      if (place?.type === undefined || !stringTypes.has(place.type)) return undefined;
      // As the validator's matches() reads it (fhirpath-functions.ts); a RegExp without g or y keeps no state.
      let regex: RegExp;
      try {
        regex = new RegExp(term.pattern, matchesFlags);
      } catch {
        return undefined;
      }
      const steps = term.path.steps.map(member);
      return (focus) => {
        const items = itemsOf(focus, steps);
        if (items === undefined || items.length > 1) return undefined;
        const [item] = items;
        if (item === undefined) return null;
        return typeof item === 'string' ? regex.test(item) : undefined;
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
  if (choices === undefined) return placeOf(path, modelPath) === undefined ? undefined : path.steps.map(member);
  // Each typed name, and its companion, with its place in the model's order of types.
  const order = new Map<string, number>();
  choices.forEach((type, i) => {
    order.set(`${last}${type}`, i);
    order.set(`_${last}${type}`, i);
  });
  return [...init.map(member), { names: choices.map((type) => member(`${last}${type}`)), order }];
}

/** A member name with its companion's name, made once. */
interface Member {
  readonly name: string;
  readonly companion: string;
}

function member(name: string): Member {
  return { name, companion: `_${name}` };
}

/** A member, or a choice: its typed names and the order fhirpath.js looks for them in. */
type Step = Member | { readonly names: readonly Member[]; readonly order: ReadonlyMap<string, number> };

/** The typed name of a choice present in an object (the first fhirpath.js looks for), or undefined when none is. */
function presentChoice(obj: JsonObject, step: Exclude<Step, Member>): Member | undefined {
  let first: number | undefined;
  for (const key in obj) {
    const i = step.order.get(key);
    if (i !== undefined && (first === undefined || i < first)) first = i;
  }
  return first === undefined ? undefined : step.names[first];
}

const noItems: readonly unknown[] = Object.freeze([]);

/** The items a member path gives, when every step is plain JSON (objects to step through); else undefined. */
function itemsOf(focus: JsonObject, steps: readonly Step[]): readonly unknown[] | undefined {
  const [first] = steps;
  if (steps.length === 1 && first !== undefined && isPlainObject(focus)) {
    // Most paths are one member (`low.empty()`): read it without building the lists of each step.
    const present = 'name' in first ? first : presentChoice(focus, first);
    return present === undefined ? noItems : plainItems(focus, present.name, present.companion);
  }
  let items: readonly unknown[] = [focus];
  for (const step of steps) {
    const next: unknown[] = [];
    for (const item of items) {
      if (!isPlainObject(item)) return undefined;
      const present = 'name' in step ? step : presentChoice(item, step);
      if (present === undefined) continue;
      const found = plainItems(item, present.name, present.companion);
      if (found === undefined) return undefined;
      for (const value of found) next.push(value);
    }
    items = next;
  }
  return items;
}
