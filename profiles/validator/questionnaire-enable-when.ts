import type { Json } from './questionnaire-response.js';
import { objects } from './questionnaire-response.js';

/** Every answer in a response, by the linkId of the item that holds it. */
export type AnswerIndex = ReadonlyMap<string, readonly Json[]>;

/**
 * Whether a question is enabled by its enableWhen conditions (true), disabled (false), or has none
 * (undefined). Several conditions combine by enableBehavior: all, or any.
 */
export function enabledState(answers: AnswerIndex, question: Json): boolean | undefined {
  const conditions = objects(question.enableWhen);
  if (conditions.length === 0) return undefined;
  const results = conditions.map((c) => conditionHolds(answers, c));
  return question.enableBehavior === 'all' ? results.every(Boolean) : results.some(Boolean);
}

function conditionHolds(answers: AnswerIndex, condition: Json): boolean {
  const given = typeof condition.question === 'string' ? (answers.get(condition.question) ?? []) : [];
  const expected = valueOf(condition, 'answer');
  if (condition.operator === 'exists') return (given.length > 0) === (expected === true);
  return given.some((answer) => compare(valueOf(answer, 'value'), expected, String(condition.operator)));
}

function valueOf(element: Json, prefix: string): unknown {
  for (const [key, value] of Object.entries(element)) if (key.startsWith(prefix) && key !== prefix) return value;
  return undefined;
}

function compare(actual: unknown, expected: unknown, operator: string): boolean {
  const a = comparable(actual);
  const b = comparable(expected);
  if (a === undefined || b === undefined) return false;
  switch (operator) {
    case '=':
      return a === b;
    case '!=':
      return a !== b;
    case '>':
      return a > b;
    case '<':
      return a < b;
    case '>=':
      return a >= b;
    case '<=':
      return a <= b;
    default:
      return false;
  }
}

/** Codings compare by system and code, Quantities by value (in the same unit), the rest as they are. */
function comparable(value: unknown): string | number | boolean | undefined {
  if (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean') return value;
  if (typeof value === 'object' && value !== null) {
    const v = value as Json;
    if (typeof v.code === 'string' && v.value === undefined) return `${typeof v.system === 'string' ? v.system : ''}|${v.code}`;
    if (typeof v.value === 'number') return v.value;
    if (typeof v.reference === 'string') return v.reference;
  }
  return undefined;
}
