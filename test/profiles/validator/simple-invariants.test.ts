import { expect } from 'chai';
import fhirpath, { type Model } from 'fhirpath';
import r4Model from 'fhirpath/fhir-context/r4/index.js';
import { compiledFunctions } from '../../../profiles/validator/fhirpath-functions.js';
import { simpleInvariant } from '../../../profiles/validator/simple-invariants.js';

const scope = { resource: {}, rootResource: {}, htmlChecks: () => true };

/** fhirpath.js's verdict as the validator reads it (its functions, and one boolean is itself, empty is false, anything else true). */
function reference(expression: string, base: string, focus: unknown): boolean {
  const options = { userInvocationTable: compiledFunctions } as Parameters<typeof fhirpath.evaluate>[4];
  const result = fhirpath.evaluate(focus, { base, expression }, {}, r4Model as unknown as Model, options) as unknown[];
  return result.length === 1 && typeof result[0] === 'boolean' ? result[0] : result.length > 0;
}

const elements: unknown[] = [
  {},
  { path: 'A.b', min: 0, max: '1' },
  { path: 'A.b', isModifier: true },
  { path: 'A.b', isModifier: true, isModifierReason: 'r' },
  { path: 'A.b', isModifier: false },
  { path: 'A.b', isModifier: 'true' },
  { path: 'A.b', _isModifier: { extension: [{ url: 'http://x', valueBoolean: true }] } },
  { path: 'A.b', fixedString: 'x', type: [{ code: 'string' }, { code: 'code' }] },
  { path: 'A.b', patternCoding: { code: 'c' }, fixedCode: 'x' },
  { path: 'A.b', _fixedCode: { id: 'f' }, type: [{ code: 'code' }] },
  { path: 'A.b', sliceIsConstraining: true },
  { path: 'A.b', sliceIsConstraining: true, sliceName: 's' },
  { path: 'A.b', binding: { strength: 'required' } },
  { path: 'A.b', binding: { strength: 'required', valueSet: 'http://x' } },
  { path: 'A.b', binding: [{ strength: 'required' }, { strength: 'example' }] },
  { path: 'A.b', type: [{ code: 'Reference', aggregation: ['contained'] }, { code: 'string', aggregation: ['bundled'] }] },
  { path: 'A.b', type: [{ code: 'Reference' }], _type: [{ id: 't' }] },
  { path: 'A.b', type: [null, { code: 'string' }] },
  { path: 'A.b:c', sliceName: 'has space' },
  { path: 'A\n.b' },
  { path: ['A.b', 'A.c'] },
  { path: 7 },
];

const expressions = [
  '(isModifier.exists() and isModifier) implies isModifierReason.exists()',
  'isModifier.not() or isModifierReason.exists()',
  'isModifier and isModifierReason.empty()',
  'isModifier or fixed.exists()',
  'isModifier implies fixed.empty()',
  'fixed.empty() or (type.count()  <= 1)',
  'pattern.empty() or fixed.empty()',
  'sliceIsConstraining.exists() implies sliceName.exists()',
  'binding.empty() or binding.valueSet.exists() or binding.strength = \'required\'',
  "binding.strength != 'example'",
  "type.code = 'Reference'",
  'type.aggregation.empty() or type.count() > 1',
  'type.count() >= 2 and type.count() < 3',
  "path.matches('^A\\\\.b$') or sliceName.matches('^[a-zA-Z0-9\\\\/\\\\-_\\\\[\\\\]\\\\@]+$')",
  // eld-19's pattern, with the identity escapes only a non-unicode reading accepts.
  "path.matches('[^\\\\s\\\\.,:;\\\\\\'\"\\\\/|?!@#$%&*()\\\\[\\\\]{}]{1,64}(\\\\.[^\\\\s\\\\.,:;\\\\\\'\"\\\\/|?!@#$%&*()\\\\[\\\\]{}]{1,64}(\\\\[x\\\\])?(\\\\:[^\\\\s\\\\.]+)?)*')",
];

describe('simple forms of invariants, against fhirpath.js', () => {
  it('compile only the subset they can evaluate', () => {
    expect(simpleInvariant('fixed.empty() or (type.count() <= 1)')).to.not.equal(undefined);
    for (const outside of ["path.matches('[a-z]+', 'i')", 'children().count() > 1', "%resource.id = 'x'", 'min <= max.toInteger()', 'Patient.name.exists()', "code = 'a' xor code = 'b'"]) {
      expect(simpleInvariant(outside), outside).to.equal(undefined);
    }
  });

  it('give fhirpath.js\'s verdict, or none, on every element (three-valued logic, companions, choices, bad JSON types)', () => {
    const disagreements: string[] = [];
    let decided = 0;
    for (const expression of expressions) {
      const form = simpleInvariant(expression)?.bind('ElementDefinition');
      expect(form, expression).to.not.equal(undefined);
      for (const element of elements) {
        const verdict = form?.(element, scope);
        if (verdict === undefined) continue;
        decided++;
        const expected = reference(expression, 'ElementDefinition', element);
        if (verdict !== expected) disagreements.push(`${expression} on ${JSON.stringify(element)}: ${String(verdict)}, fhirpath.js ${String(expected)}`);
      }
    }
    expect(disagreements).to.deep.equal([]);
    expect(decided).to.be.greaterThan(expressions.length * elements.length * 0.6);
  });

  it('leave a choice to fhirpath.js where its value is read, and bind to the place fhirpath.js gives a base', () => {
    expect(simpleInvariant("fixed = 'x'")?.bind('ElementDefinition')).to.equal(undefined);
    const form = simpleInvariant('binding.empty() or binding.valueSet.exists()')?.bind('StructureDefinition.snapshot.element');
    expect(form?.({ binding: { strength: 'required' } }, scope)).to.equal(false);
    expect(reference('binding.empty() or binding.valueSet.exists()', 'StructureDefinition.snapshot.element', { binding: { strength: 'required' } })).to.equal(false);
  });
});
