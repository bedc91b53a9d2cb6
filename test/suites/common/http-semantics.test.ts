import { expect } from 'chai';
import { parseEntityTag, parseHttpDate, parseMediaType } from '../../../suites/common/index.js';

describe('HTTP header grammar', () => {
  describe('parseEntityTag', () => {
    it('reads a weak tag and a strong one', () => {
      expect(parseEntityTag('W/"3"')).to.deep.equal({ weak: true, tag: '3' });
      expect(parseEntityTag('"abc"')).to.deep.equal({ weak: false, tag: 'abc' });
    });
    it('rejects values that are not entity-tags', () => {
      expect(parseEntityTag('3')).to.equal(undefined);
      expect(parseEntityTag('W/3')).to.equal(undefined);
      expect(parseEntityTag('w/"3"')).to.equal(undefined);
      expect(parseEntityTag('"a"b"')).to.equal(undefined);
    });
  });

  describe('parseHttpDate', () => {
    it('reads an IMF-fixdate', () => {
      expect(parseHttpDate('Sun, 06 Nov 1994 08:49:37 GMT')?.toISOString()).to.equal('1994-11-06T08:49:37.000Z');
    });
    it('rejects the obsolete forms, ISO dates, wrong day names and impossible dates', () => {
      expect(parseHttpDate('Sunday, 06-Nov-94 08:49:37 GMT')).to.equal(undefined);
      expect(parseHttpDate('Sun Nov  6 08:49:37 1994')).to.equal(undefined);
      expect(parseHttpDate('1994-11-06T08:49:37Z')).to.equal(undefined);
      expect(parseHttpDate('Mon, 06 Nov 1994 08:49:37 GMT')).to.equal(undefined);
      expect(parseHttpDate('Fri, 31 Feb 2023 08:49:37 GMT')).to.equal(undefined);
      expect(parseHttpDate('Sun, 06 Nov 1994 08:49:37 +0000')).to.equal(undefined);
    });
  });

  describe('parseMediaType', () => {
    it('lower-cases the essence and parameter names and unquotes values', () => {
      expect(parseMediaType('Application/FHIR+JSON; Charset="UTF-8"')).to.deep.equal({
        essence: 'application/fhir+json',
        parameters: { charset: 'UTF-8' },
      });
    });
    it('rejects a value without type/subtype', () => {
      expect(parseMediaType('json')).to.equal(undefined);
      expect(parseMediaType('')).to.equal(undefined);
    });
  });
});
