import type { Run, ResourceFrame } from './context.js';
import { isJsonObject, text } from './fhir-types.js';
import { checkAnswers } from './questionnaire-answers.js';
import { enabledState, type AnswerIndex } from './questionnaire-enable-when.js';
import { resolveReference } from './references.js';

export type Json = Record<string, unknown>;

/** What the item checks share: the run, the questionnaire's items by linkId, the response's answers for enableWhen. */
export interface ResponseScope {
  readonly run: Run;
  readonly frame: ResourceFrame;
  readonly answers: AnswerIndex;
  readonly completed: boolean;
}

/**
 * A QuestionnaireResponse against the Questionnaire it answers: items exist there at the same level and in
 * its order, repeat only where allowed, have answers only where enabled and of the item's type, options and
 * limits; required items are answered once the response is completed.
 */
export function checkQuestionnaireResponse(run: Run, frame: ResourceFrame): void {
  const response = frame.resource;
  const canonical = response.questionnaire;
  if (typeof canonical !== 'string') return;
  const questionnaire = canonical.startsWith('#') ? resolveReference(frame, canonical) : run.engine.definitions.resolve(canonical);
  if (questionnaire?.resourceType !== 'Questionnaire') {
    run.findings.warning('not-found', `${frame.path}.questionnaire`, `The questionnaire '${canonical}' could not be resolved, so no validation can be performed against the base questionnaire`);
    return;
  }
  const scope: ResponseScope = {
    run,
    frame,
    answers: indexAnswers(response),
    completed: response.status === 'completed' || response.status === 'amended',
  };
  checkItems(scope, objects(response.item), objects(questionnaire.item), frame.path, 'item');
}

/** The response items at one level against the questionnaire items at the same level. */
export function checkItems(scope: ResponseScope, responseItems: readonly Json[], questionItems: readonly Json[], parentPath: string, property: string): void {
  const { findings } = scope.run;
  const byLinkId = new Map(questionItems.map((q) => [q.linkId, q]));
  const seen = new Map<unknown, number>();
  let lastOrder = -1;
  responseItems.forEach((item, index) => {
    const path = `${parentPath}.${property}[${index}]`;
    const question = byLinkId.get(item.linkId);
    if (question === undefined) {
      findings.error('structure', path, `LinkId '${text(item.linkId)}' not found in questionnaire`);
      return;
    }
    const order = questionItems.indexOf(question);
    if (order < lastOrder) findings.error('structure', path, `Structural Error: item '${text(item.linkId)}' is out of order: items must be in the questionnaire's order`);
    lastOrder = Math.max(lastOrder, order);
    const count = (seen.get(item.linkId) ?? 0) + 1;
    seen.set(item.linkId, count);
    if (count === 2 && question.repeats !== true) findings.error('structure', path, 'Only one response item with this linkId allowed');
    checkItem(scope, item, question, path);
  });
  for (const question of questionItems) checkRequired(scope, question, responseItems.filter((i) => i.linkId === question.linkId), parentPath);
}

function checkItem(scope: ResponseScope, item: Json, question: Json, path: string): void {
  const { findings } = scope.run;
  const answers = objects(item.answer);
  const enabled = enabledState(scope.answers, question);
  if (enabled === false && (answers.length > 0 || objects(item.item).length > 0)) {
    findings.error('business-rule', path, `Item has answer, even though it is not enabled (item id = '${text(question.linkId)}')`);
  }
  const type = question.type;
  if (type === 'group') {
    if (answers.length > 0) findings.error('structure', path, `Items of type 'group' cannot have answers`);
    if (question.required === true && scope.completed && objects(item.item).length === 0) findings.error('required', path, 'No sub-items found for required group');
    checkItems(scope, objects(item.item), objects(question.item), path, 'item');
    return;
  }
  if (type === 'display') {
    if (answers.length > 0) findings.error('structure', path, `Items of type 'display' cannot have answers`);
    return;
  }
  if (answers.length > 1 && question.repeats !== true) findings.error('structure', path, 'Only one response answer item with this linkId allowed');
  checkAnswers(scope, question, answers, path);
  if (objects(item.item).length > 0) checkItems(scope, objects(item.item), objects(question.item), path, 'item');
  answers.forEach((answer, i) => {
    const nested = objects(answer.item);
    if (nested.length > 0) checkItems(scope, nested, objects(question.item), `${path}.answer[${i}]`, 'item');
  });
}

/** A required, enabled item must be answered (or, for a group, present) once the response is completed. */
function checkRequired(scope: ResponseScope, question: Json, items: readonly Json[], parentPath: string): void {
  if (question.required !== true || !scope.completed || enabledState(scope.answers, question) === false) return;
  if (question.type === 'display') return;
  if (items.length > 0) {
    if (question.type !== 'group' && items.every((i) => objects(i.answer).length === 0)) {
      scope.run.findings.error('required', parentPath, `No response answer found for required item '${text(question.linkId)}'`);
    }
    return;
  }
  scope.run.findings.error('required', parentPath, `No response ${question.type === 'group' ? 'found' : 'answer found'} for required item '${text(question.linkId)}'`);
}

/** Every answer in the response by the linkId of its item, for enableWhen. */
function indexAnswers(response: Json): AnswerIndex {
  const index = new Map<string, Json[]>();
  const visit = (items: readonly Json[]): void => {
    for (const item of items) {
      const answers = objects(item.answer);
      if (typeof item.linkId === 'string') index.set(item.linkId, [...(index.get(item.linkId) ?? []), ...answers]);
      visit(objects(item.item));
      for (const answer of answers) visit(objects(answer.item));
    }
  };
  visit(objects(response.item));
  return index;
}

export function objects(value: unknown): Json[] {
  return Array.isArray(value) ? value.filter(isJsonObject) : [];
}

/** The values of an extension on an element (`extension` with that url), as their value[x]. */
export function extensionValues(element: Json, url: string): unknown[] {
  return objects(element.extension)
    .filter((e) => e.url === url)
    .map((e) => Object.entries(e).find(([k]) => k.startsWith('value'))?.[1])
    .filter((v) => v !== undefined);
}
