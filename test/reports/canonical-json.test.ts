import { expect } from 'chai';
import { canonicalJson } from '../../reports/canonical-json.js';

describe('canonicalJson', () => {
  it('sorts keys at every depth and drops undefined members', () => {
    const value = { b: 1, a: { d: [3, { z: true, y: null }], c: 'x' }, skipped: undefined };
    expect(canonicalJson(value)).to.equal('{"a":{"c":"x","d":[3,{"y":null,"z":true}]},"b":1}');
  });

  it('gives the same bytes whatever order the keys were inserted in', () => {
    expect(canonicalJson({ x: 1, y: [2] })).to.equal(canonicalJson({ y: [2], x: 1 }));
  });

  it('orders keys by UTF-16 code units as RFC 8785 requires', () => {
    const value = { '\u20ac': 'Euro', '\r': 'CR', '1': 'One', '\ud83d\ude00': 'Smiley' };
    expect(canonicalJson(value)).to.equal('{"\\r":"CR","1":"One","\u20ac":"Euro","\ud83d\ude00":"Smiley"}');
  });

  it('refuses numbers JSON cannot represent', () => {
    expect(() => canonicalJson({ n: Number.NaN })).to.throw(TypeError, 'canonical JSON cannot hold the number NaN');
  });

  it('writes a value whose keys are already in canonical order byte for byte as any other order', () => {
    const expected = '{"a":[1,null,{"b":"\\u0000\\"","c":-0.5}],"d":{"e":true},"f":"\u20ac"}';
    expect(canonicalJson({ a: [1, undefined, { b: '\u0000"', c: -0.5 }], d: { e: true }, f: '\u20ac', g: undefined })).to.equal(expected);
    expect(canonicalJson({ f: '\u20ac', g: undefined, d: { e: true }, a: [1, undefined, { c: -0.5, b: '\u0000"' }] })).to.equal(expected);
  });

  it('sorts integer-like keys as strings, not in the order engines enumerate them', () => {
    expect(canonicalJson({ '9': 'nine', '10': 'ten', a: 'a' })).to.equal('{"10":"ten","9":"nine","a":"a"}');
  });

  it('writes dates, boxed values and objects with toJSON as the plain objects they are', () => {
    expect(canonicalJson({ at: new Date(0), text: Object('xy') as unknown, own: { toJSON: 'kept' } })).to.equal(
      '{"at":{},"own":{"toJSON":"kept"},"text":{"0":"x","1":"y"}}',
    );
    expect(() => canonicalJson({ a: { toJSON: () => 'x' } })).to.throw(TypeError, 'canonical JSON cannot hold a function');
  });

  it('refuses numbers JSON cannot represent even where the keys are already in order', () => {
    expect(() => canonicalJson({ a: 1, b: [Number.POSITIVE_INFINITY] })).to.throw(TypeError, 'canonical JSON cannot hold the number Infinity');
  });
});
