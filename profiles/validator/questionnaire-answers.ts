import fhirpath from 'fhirpath';
import { isJsonObject, text } from './fhir-types.js';
import { equalsFixed } from './fixed-pattern.js';
import type { Json, ResponseScope } from './questionnaire-response.js';
import { extensionValues, objects } from './questionnaire-response.js';
import { referenceType } from './references.js';

const ext = (name: string): string => `http://hl7.org/fhir/StructureDefinition/${name}`;
const sdc = (name: string): string => `http://hl7.org/fhir/uv/sdc/StructureDefinition/sdc-questionnaire-${name}`;

/** The answer value[x] types each item type takes (R4 Questionnaire.item.type). */
const answerTypes: Readonly<Record<string, readonly string[]>> = {
  boolean: ['boolean'],
  decimal: ['decimal'],
  integer: ['integer'],
  date: ['date'],
  dateTime: ['dateTime'],
  time: ['time'],
  string: ['string'],
  text: ['string'],
  url: ['uri'],
  // A choice's options may be codes, dates, times, integers or strings (R4 answerOption.value[x]).
  choice: ['Coding', 'date', 'time', 'integer', 'string'],
  'open-choice': ['Coding', 'string'],
  attachment: ['Attachment'],
  reference: ['Reference'],
  quantity: ['Quantity'],
};

/** The answers of one question: type, options, value set, limits, units, occurrences. */
export function checkAnswers(scope: ResponseScope, question: Json, answers: readonly Json[], path: string): void {
  const { findings } = scope.run;
  const options = objects(question.answerOption);
  const type = String(question.type);
  const allowed = options.length > 0 && (type === 'choice' || type === 'open-choice')
    ? [...new Set([...options.map((o) => valueEntry(o)?.type).filter((t): t is string => t !== undefined), ...(type === 'open-choice' ? ['string'] : [])])]
    : answerTypes[type];
  checkOccurrences(scope, question, answers.length, path);
  answers.forEach((answer, i) => {
    const answerPath = `${path}.answer[${i}]`;
    const entry = valueEntry(answer);
    if (entry === undefined) return;
    if (allowed !== undefined && !allowed.includes(entry.type)) {
      findings.error('structure', answerPath, `Answer value must be of the type ${allowed.join(' or ')} not ${entry.type}`);
      return;
    }
    const valuePath = `${answerPath}.value.ofType(${entry.type})`;
    checkOption(scope, question, options, entry, valuePath, type);
    checkLimits(scope, question, entry, valuePath);
    if (entry.type === 'Quantity' && isJsonObject(entry.value)) checkUnits(scope, question, entry.value, valuePath);
    if (entry.type === 'Reference' && isJsonObject(entry.value)) checkReferenceAnswer(scope, question, entry.value, valuePath);
    if (entry.type === 'Attachment' && isJsonObject(entry.value)) checkAttachment(scope, question, entry.value, valuePath);
  });
  checkExclusive(scope, options, answers, path);
}

interface ValueEntry {
  readonly type: string;
  readonly value: unknown;
}

/** `valueCoding` → Coding, `valueString` → string. */
function valueEntry(element: Json): ValueEntry | undefined {
  for (const [key, value] of Object.entries(element)) {
    if (!key.startsWith('value') || key.length === 5) continue;
    const suffix = key.slice(5);
    const type = /^[A-Z][a-z]/.test(suffix) && !['Coding', 'Quantity', 'Reference', 'Attachment'].includes(suffix) ? suffix.charAt(0).toLowerCase() + suffix.slice(1) : suffix;
    return { type, value };
  }
  return undefined;
}

function checkOccurrences(scope: ResponseScope, question: Json, count: number, path: string): void {
  const min = extensionValues(question, ext('questionnaire-minOccurs'))[0];
  const max = extensionValues(question, ext('questionnaire-maxOccurs'))[0];
  if (typeof min === 'number' && count < min) scope.run.findings.error('structure', path, `The minimum number of answers is ${min} but this has ${count} answers`);
  if (typeof max === 'number' && count > max) scope.run.findings.error('structure', path, `The maximum number of answers is ${max} but this has ${count} answers`);
}

function checkOption(scope: ResponseScope, question: Json, options: readonly Json[], entry: ValueEntry, path: string, type: string): void {
  const { findings } = scope.run;
  if (options.length > 0) {
    const matches = options.some((o) => {
      const option = valueEntry(o);
      if (option === undefined || option.type !== entry.type) return false;
      return entry.type === 'Coding' ? sameCoding(option.value, entry.value) : equalsFixed(entry.value, option.value);
    });
    if (!matches && !(type === 'open-choice' && entry.type === 'string')) {
      findings.error('value', path, `The ${entry.type === 'Coding' ? 'code' : entry.type} ${describeValue(entry)} is not in the set of permitted values`);
    }
    return;
  }
  const valueSet = question.answerValueSet;
  if (typeof valueSet === 'string' && entry.type === 'Coding' && isJsonObject(entry.value) && typeof entry.value.code === 'string') {
    scope.run.codeChecks.push({
      path,
      holder: entry.value,
      kind: 'binding',
      strength: type === 'open-choice' ? 'extensible' : 'required',
      valueSet: valueSet.startsWith('#') ? valueSet : valueSet,
      codes: [{ code: entry.value.code, ...(typeof entry.value.system === 'string' ? { system: entry.value.system } : {}) }],
      textOnly: false,
      source: `the questionnaire's answerValueSet`,
    });
  }
}

function sameCoding(option: unknown, answer: unknown): boolean {
  if (!isJsonObject(option) || !isJsonObject(answer)) return false;
  return option.code === answer.code && (option.system === undefined || option.system === answer.system);
}

function describeValue(entry: ValueEntry): string {
  const v = entry.value;
  if (entry.type === 'Coding' && isJsonObject(v)) return `${text(v.system)}::${text(v.code)}`;
  return typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean' ? String(v) : JSON.stringify(v);
}

/** minValue/maxValue, SDC min/maxQuantity, maxLength, minLength and regex. */
function checkLimits(scope: ResponseScope, question: Json, entry: ValueEntry, path: string): void {
  const { findings } = scope.run;
  const value = entry.value;
  if (typeof value === 'number' || (typeof value === 'string' && /^\d{4}/.test(value) && (entry.type.startsWith('date') || entry.type === 'instant'))) {
    const min = extensionValues(question, ext('minValue'))[0];
    const max = extensionValues(question, ext('maxValue'))[0];
    if ((typeof min === 'number' || typeof min === 'string') && typeof min === typeof value && value < min) findings.error('value', path, `The value ${value} is less than the allowed minimum of ${min}`);
    if ((typeof max === 'number' || typeof max === 'string') && typeof max === typeof value && value > max) findings.error('value', path, `The value ${value} is greater than the allowed maximum of ${max}`);
  }
  if (entry.type === 'Quantity' && isJsonObject(value)) {
    const min = extensionValues(question, sdc('minQuantity'))[0] ?? extensionValues(question, ext('minValue'))[0];
    const max = extensionValues(question, sdc('maxQuantity'))[0] ?? extensionValues(question, ext('maxValue'))[0];
    if (isJsonObject(min)) compareQuantity(scope, value, min, 'minimum', path);
    if (isJsonObject(max)) compareQuantity(scope, value, max, 'maximum', path);
  }
  if (typeof value === 'string' && (entry.type === 'string' || entry.type === 'uri')) {
    const maxLength = question.maxLength;
    const minLength = extensionValues(question, ext('minLength'))[0];
    if (typeof minLength === 'number' && value.length < minLength) findings.error('value', path, `The answer '${value}' is shorter then the required minimum length of ${minLength}`);
    if (typeof maxLength === 'number' && value.length > maxLength) findings.error('value', path, `The answer '${value}' is longer then the allowed maximum length of ${maxLength}`);
    const regex = extensionValues(question, ext('regex'))[0];
    if (typeof regex === 'string' && !matchesWhole(regex, value)) {
      const format = extensionValues(question, ext('entryFormat'))[0];
      findings.error('value', path, `The answer '${value}' does not conform to the expected format${typeof format === 'string' ? ` '${format}'` : ''} (regex '${regex}')`);
    }
  }
}

function matchesWhole(regex: string, value: string): boolean {
  try {
    return new RegExp(`^(?:${regex})$`).test(value);
  } catch {
    return true;
  }
}

interface UcumUtils {
  convertUnitTo(from: string, value: number, to: string): { status: string; toVal?: number };
}
const ucum = (fhirpath as unknown as { ucumUtils?: UcumUtils }).ucumUtils;

/** Quantities compare only in formal (coded) units, converted through UCUM when they differ. */
function compareQuantity(scope: ResponseScope, actual: Json, limit: Json, kind: 'minimum' | 'maximum', path: string): void {
  const show = (q: Json): string => `${text(q.value)} ${text(q.unit ?? q.code)}${typeof q.code === 'string' ? ` (${q.system === 'http://unitsofmeasure.org' ? 'UCUM' : text(q.system)}#${q.code})` : ''}`;
  if (typeof actual.value !== 'number' || typeof limit.value !== 'number') return;
  if (typeof actual.code !== 'string' || typeof limit.code !== 'string' || actual.system !== limit.system) {
    scope.run.findings.error('value', path, `The quantity ${show(actual)} cannot be compared to the allowed ${kind} of ${show(limit)} because no formal units are specified`);
    return;
  }
  let value = actual.value;
  if (actual.code !== limit.code) {
    const converted = actual.system === 'http://unitsofmeasure.org' && ucum !== undefined ? ucum.convertUnitTo(actual.code, actual.value, limit.code) : undefined;
    if (converted?.status !== 'succeeded' || converted.toVal === undefined) {
      scope.run.findings.error('value', path, `The quantity ${show(actual)} cannot be compared to the allowed ${kind} of ${show(limit)}`);
      return;
    }
    value = converted.toVal;
  }
  if (kind === 'minimum' ? value < limit.value : value > limit.value) {
    scope.run.findings.error('value', path, `The quantity ${show(actual)} is ${kind === 'minimum' ? 'less than the allowed minimum' : 'greater than the allowed maximum'} of ${show(limit)}`);
  }
}

function checkUnits(scope: ResponseScope, question: Json, quantity: Json, path: string): void {
  const shown = `${text(quantity.value)} ${text(quantity.unit)} (${quantity.system === 'http://unitsofmeasure.org' ? 'UCUM' : text(quantity.system)}#${quantity.code === undefined ? 'null' : text(quantity.code)})`;
  const options = extensionValues(question, ext('questionnaire-unitOption')).filter(isJsonObject);
  if (options.length > 0 && !options.some((o) => o.code === quantity.code && (o.system === undefined || o.system === quantity.system))) {
    const allowed = options.map((o) => `${text(o.display ?? o.code)} (${o.system === 'http://unitsofmeasure.org' ? 'UCUM' : text(o.system)}#${text(o.code)})`).join(',');
    scope.run.findings.error('value', path, `The value ${shown} has a unit that is not valid (allowed = ${allowed})`);
  }
  const valueSet = extensionValues(question, ext('questionnaire-unitValueSet'))[0];
  if (typeof valueSet === 'string') {
    if (typeof quantity.code !== 'string') {
      scope.run.findings.error('value', path, `The value ${shown} has a unit that is not in the unit value set '${valueSet}': it has no coded unit`);
      return;
    }
    scope.run.codeChecks.push({
      path,
      holder: quantity,
      kind: 'binding',
      strength: 'required',
      valueSet,
      codes: [{ code: quantity.code, ...(typeof quantity.system === 'string' ? { system: quantity.system } : {}) }],
      textOnly: false,
      source: "the questionnaire's unitValueSet",
    });
  }
}

function checkReferenceAnswer(scope: ResponseScope, question: Json, reference: Json, path: string): void {
  if (typeof reference.reference !== 'string') return;
  const type = referenceType(reference.reference);
  if (type === undefined) return;
  if (!scope.run.engine.structures.isResourceType(type)) {
    scope.run.findings.error('structure', path, `The resource type ${type} in the reference ${reference.reference} is not valid`);
    return;
  }
  const allowed = extensionValues(question, ext('questionnaire-referenceResource')).filter((v): v is string => typeof v === 'string');
  if (allowed.length > 0 && !allowed.includes(type)) {
    scope.run.findings.error('structure', path, `The resource type '${type}' in the reference ${reference.reference} is not allowed (allowed = ${allowed.join(',')})`);
  }
}

function checkAttachment(scope: ResponseScope, question: Json, attachment: Json, path: string): void {
  const maxSize = extensionValues(question, ext('maxSize'))[0];
  const size = typeof attachment.size === 'number' ? attachment.size : typeof attachment.data === 'string' ? Math.floor((attachment.data.replace(/\s/g, '').length * 3) / 4) : undefined;
  if (typeof maxSize === 'number' && size !== undefined && size > maxSize) {
    scope.run.findings.error('value', path, `The attachment is too large (allowed = ${maxSize}, found = ${size})`);
  }
  const mimeTypes = extensionValues(question, ext('mimeType')).filter((v): v is string => typeof v === 'string');
  if (mimeTypes.length > 0 && typeof attachment.contentType === 'string' && !mimeTypes.includes(attachment.contentType)) {
    scope.run.findings.error('value', path, `The attachment's content type ${attachment.contentType} is not allowed (allowed = ${mimeTypes.join(', ')})`);
  }
}

/** An option marked exclusive cannot be selected together with any other answer. */
function checkExclusive(scope: ResponseScope, options: readonly Json[], answers: readonly Json[], path: string): void {
  if (answers.length < 2) return;
  for (const option of options) {
    if (extensionValues(option, ext('questionnaire-optionExclusive'))[0] !== true) continue;
    const value = valueEntry(option);
    const selected = answers.find((a) => {
      const answer = valueEntry(a);
      return answer !== undefined && value !== undefined && (answer.type === 'Coding' ? sameCoding(value.value, answer.value) : equalsFixed(answer.value, value.value));
    });
    if (selected !== undefined && value !== undefined) {
      scope.run.findings.error('business-rule', path, `Selected answer ${describeValue(value).replace('::', '#')} is an exclusive option - can't select anything else at the same time`);
    }
  }
}
