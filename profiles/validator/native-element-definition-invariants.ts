import { choiceHasNodes, hasNodes, plainItems, plainObjects } from './fhirpath-shape.js';
import { distinct, onObject, strings, text } from './native-definition-invariants.js';
import type { NativeForm, NativeInvariant } from './native-invariants.js';

/**
 * Native forms of R4's ElementDefinition invariants (see native-invariants.ts and native-definition-invariants.ts):
 * they run on every element of every StructureDefinition validated.
 */

const integer = /^[+-]?\d+$/;

/**
 * eld-2: min is at most max. A max that is neither '*' nor an integer makes `max.toInteger()` empty, so the
 * comparison, the iif() and the whole expression are empty: failed.
 */
const minWithinMax = onObject((element) => {
  const mins = plainItems(element, 'min');
  const max = text(element, 'max');
  if (mins === undefined || mins.length > 1 || max === null) return undefined;
  const [min] = mins;
  if (min === undefined || max === undefined || max === '*') return true;
  if (typeof min !== 'number') return undefined;
  return integer.test(max) && min <= parseInt(max, 10);
});

/** eld-3, on max itself: '*' or a non-negative integer. */
const cardinalityMax: NativeForm = (focus) => (typeof focus === 'string' ? focus === '*' || (integer.test(focus) && parseInt(focus, 10) >= 0) : undefined);

/** eld-11: with a binding, some type is bindable. As written it always holds: a type with a code gives a boolean, so select() is not empty. */
const bindableType = onObject((element) => {
  if (!hasNodes(element, 'binding')) return true;
  const types = plainObjects(element, 'type');
  if (types === undefined) return undefined;
  const codes = strings(types, 'code');
  return codes === undefined ? undefined : true;
});

function distinctMembers(list: string, member: string): NativeForm {
  return onObject((element) => {
    const items = plainObjects(element, list);
    const values = items === undefined ? undefined : strings(items, member);
    return values === undefined ? undefined : distinct(values);
  });
}

/** eld-5: a contentReference stands for all of the element's definition. */
const contentReferenceAlone = onObject((element) => {
  if (!hasNodes(element, 'contentReference')) return true;
  const members = ['type', 'example', 'maxLength', 'binding'].some((name) => hasNodes(element, name));
  const choices = ['defaultValue', 'fixed', 'pattern', 'minValue', 'maxValue'].some((name) => choiceHasNodes(element, 'ElementDefinition', name));
  return !members && !choices;
});

export const elementDefinitionInvariants: readonly NativeInvariant[] = [
  { key: 'eld-2', expression: "min.empty() or max.empty() or (max = '*') or iif(max != '*', min <= max.toInteger())", evaluate: minWithinMax },
  { key: 'eld-3', expression: "empty() or ($this = '*') or (toInteger() >= 0)", evaluate: cardinalityMax },
  {
    key: 'eld-11',
    expression:
      "binding.empty() or type.code.empty() or type.select((code = 'code') or (code = 'Coding') or (code='CodeableConcept') or (code = 'Quantity') or (code = 'string') or (code = 'uri')).exists()",
    evaluate: bindableType,
  },
  { key: 'eld-13', expression: 'type.select(code).isDistinct()', evaluate: distinctMembers('type', 'code') },
  { key: 'eld-14', expression: 'constraint.select(key).isDistinct()', evaluate: distinctMembers('constraint', 'key') },
  {
    key: 'eld-5',
    expression:
      'contentReference.empty() or (type.empty() and defaultValue.empty() and fixed.empty() and pattern.empty() and example.empty() and minValue.empty() and maxValue.empty() and maxLength.empty() and binding.empty())',
    evaluate: contentReferenceAlone,
  },
];
