import { collectBinding } from './bindings.js';
import type { Item } from './children.js';
import type { Visit } from './element.js';
import { isJsonObject } from './fhir-types.js';
import { equalsFixed, extraProperties, matchesPattern } from './fixed-pattern.js';
import { checkInvariants } from './invariants.js';
import { pathOf, type Where } from './issues.js';
import { xhtmlReport } from './narrative.js';
import { checkNhsIdentifier } from './nhs-identifiers.js';
import { checkReference } from './reference-rules.js';
import type { ElementNode, TypedValue } from './structure.js';

/** The rules an element definition puts on a value, whatever its type: fixed, pattern, limits, binding, invariants. */
export function checkElementRules(visit: Visit, item: Item, node: ElementNode, type: string | undefined): void {
  const { run } = visit;
  const { findings } = run;
  const value = item.value;
  if (value === undefined) return;
  if (node.fixed !== undefined && !equalsFixed(value, node.fixed.value)) {
    const extra = extraProperties(value, node.fixed.value);
    const detail = extra.length > 0 ? `: the element${extra.length > 1 ? 's' : ''} ${extra.join(', ')} ${extra.length > 1 ? 'are' : 'is'} present in the instance but not allowed in the applicable fixed value` : '';
    findings.error('value', item, `Value is ${show(value)} but is fixed to ${show(node.fixed.value)} ${inProfile(visit)}${detail}`);
  }
  if (node.pattern !== undefined && !matchesPattern(value, node.pattern.value)) {
    findings.error('value', item, `The value ${show(value)} does not match the pattern ${show(node.pattern.value)} ${inProfile(visit)}`);
  }
  if (node.maxLength !== undefined && typeof value === 'string' && value.length > node.maxLength) {
    findings.error('too-long', item, `The value is ${value.length} characters long, but the maximum length allowed is ${node.maxLength} ${inProfile(visit)}`);
  }
  checkLimit(visit, item, node.minValue, 'min');
  checkLimit(visit, item, node.maxValue, 'max');
  if (type !== undefined) collectBinding(visit, item, node, type);
  checkInvariants(visit, node.constraints, value, node, item, type);
  if (type === 'Reference' && isJsonObject(value)) checkReference(visit, value, node, item);
  if (type === 'Identifier' && isJsonObject(value) && run.engine.nhsRules) checkNhsIdentifier(findings, value, item);
  if (type === 'Attachment' && isJsonObject(value)) checkAttachment(visit, value, item);
  if (type === 'xhtml' && typeof value === 'string') checkNarrative(visit, value, item);
}

/** Where a rule comes from, for its message (built only when a rule fails). */
function inProfile(visit: Visit): string {
  return `in the profile ${visit.structure.label}`;
}

/** minValue[x] / maxValue[x] for numbers, dates and times (same-precision strings compare in order) and Quantity values. */
function checkLimit(visit: Visit, item: Item, limit: TypedValue | undefined, kind: 'min' | 'max'): void {
  if (limit === undefined) return;
  const actual = comparable(item.value);
  const bound = limit.type === 'Duration' && typeof actual === 'string' ? relativeDate(limit.value, kind, visit.run.engine.now(), actual.length) : comparable(limit.value);
  if (actual === undefined || bound === undefined || typeof actual !== typeof bound) return;
  const outside = kind === 'min' ? actual < bound : actual > bound;
  if (outside) {
    visit.run.findings.error('value', item.path, `The value ${String(actual)} is ${kind === 'min' ? 'less than the allowed minimum' : 'greater than the allowed maximum'} of ${String(bound)} (from ${visit.structure.label})`);
  }
}

/**
 * A Duration limit on a date, dateTime or instant is relative to now: subtracted for a minimum, added for a
 * maximum (ElementDefinition.minValue[x]); the bound is cut to the value's precision so they compare in order.
 */
function relativeDate(duration: unknown, kind: 'min' | 'max', now: Date, precision: number): string | undefined {
  if (!isJsonObject(duration) || typeof duration.value !== 'number') return undefined;
  const unit = typeof duration.code === 'string' ? duration.code : duration.unit;
  const sign = kind === 'min' ? -1 : 1;
  const bound = new Date(now.getTime());
  const amount = sign * duration.value;
  switch (unit) {
    case 'a':
      bound.setUTCFullYear(bound.getUTCFullYear() + amount);
      break;
    case 'mo':
      bound.setUTCMonth(bound.getUTCMonth() + amount);
      break;
    case 'wk':
      bound.setUTCDate(bound.getUTCDate() + 7 * amount);
      break;
    case 'd':
      bound.setUTCDate(bound.getUTCDate() + amount);
      break;
    case 'h':
      bound.setUTCHours(bound.getUTCHours() + amount);
      break;
    case 'min':
      bound.setUTCMinutes(bound.getUTCMinutes() + amount);
      break;
    case 's':
      bound.setUTCSeconds(bound.getUTCSeconds() + amount);
      break;
    default:
      return undefined;
  }
  return bound.toISOString().slice(0, Math.min(precision, 10));
}

function comparable(value: unknown): number | string | undefined {
  if (typeof value === 'number' || typeof value === 'string') return value;
  if (isJsonObject(value) && typeof value.value === 'number') return value.value;
  return undefined;
}

/** Attachment.size, when stated alongside inline data, must be the data's decoded length. */
function checkAttachment(visit: Visit, attachment: Record<string, unknown>, path: Where): void {
  const { data, size } = attachment;
  if (typeof data !== 'string' || typeof size !== 'number') return;
  const compact = data.replace(/\s/g, '');
  const padding = compact.endsWith('==') ? 2 : compact.endsWith('=') ? 1 : 0;
  const actual = (compact.length / 4) * 3 - padding;
  if (Number.isInteger(actual) && actual !== size) {
    visit.run.findings.error('value', `${pathOf(path)}.size`, `Stated Attachment Size ${size} does not match actual attachment size ${actual}`);
  }
}

/** The markup rules of xhtml, and txt-2 (some content), which htmlChecks() cannot tell apart from txt-1. */
function checkNarrative(visit: Visit, div: string, path: Where): void {
  const report = xhtmlReport(visit.run.xhtml, div);
  for (const problem of report.problems) visit.run.findings.error('invalid', path, problem);
  if (report.problems.length === 0 && !report.hasContent) {
    visit.run.findings.error('invariant', path, "Constraint failed: txt-2: 'The narrative SHALL have some non-whitespace content'");
  }
}

function show(value: unknown): string {
  const text = typeof value === 'string' ? `'${value}'` : JSON.stringify(value);
  return text.length > 200 ? `${text.slice(0, 197)}...` : text;
}
