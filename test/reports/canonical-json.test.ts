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
});
