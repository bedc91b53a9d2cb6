import { expect } from 'chai';
import { Findings } from '../../../profiles/validator/issues.js';
import { checkPrimitive, type PrimitiveRules } from '../../../profiles/validator/primitives.js';

const rules: PrimitiveRules = { regex: () => undefined, maxLength: () => undefined };

function base64Errors(value: string): number {
  const findings = new Findings();
  checkPrimitive('base64Binary', value, 'Binary.data', findings, rules);
  return findings.list.length;
}

describe('base64Binary', () => {
  it('accepts groups of four, padding at the end only, whitespace anywhere', () => {
    for (const valid of ['QUJD', 'QQ==', 'QUI=', 'QU JD', 'QQ= =', 'Q Q = =\n', 'QU\tJD\r\n', 'QUJDQQ==', 'QUJD\nQUJD\n', 'QUJ=\n\n']) expect(base64Errors(valid), valid).to.equal(0);
    for (const invalid of ['QQ=', 'QUJ', 'QQ==A', 'QQ===', '====', 'A===', 'AA=A', 'QU!D', '=QUJ', 'QUJD=', 'Q\u00e9JD', 'QUJD\u000b']) expect(base64Errors(invalid), invalid).to.equal(1);
  });

  it('reads values of many megabytes whole, either way', () => {
    const big = Buffer.alloc(3_000_000, 9).toString('base64').replace(/(.{76})/g, '$1\n');
    expect(big.length).to.be.greaterThan(1_000_000);
    expect(base64Errors(big)).to.equal(0);
    expect(base64Errors(`${big}=`)).to.equal(1);
    expect(base64Errors(big.slice(0, 900_000))).to.equal(base64Errors(big.slice(0, 900_000).replace(/\n/g, '')));
  });
});

describe('dates in the calendar', () => {
  const dateErrors = (value: string): number => {
    const findings = new Findings();
    checkPrimitive('date', value, 'Patient.birthDate', findings, rules);
    return findings.list.length;
  };

  it('knows month lengths and leap years (every fourth, not centuries, but every fourth century)', () => {
    for (const valid of ['2020-02-29', '2000-02-29', '2021-02-28', '2021-04-30', '2021-12-31', '2021-01-31', '2021', '2021-02']) expect(dateErrors(valid), valid).to.equal(0);
    for (const invalid of ['2021-02-29', '1900-02-29', '2020-02-30', '2021-04-31', '2021-06-31', '2021-09-31', '2021-11-31']) expect(dateErrors(invalid), invalid).to.equal(1);
  });
});
