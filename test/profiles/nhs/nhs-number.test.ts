import { expect } from 'chai';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describeNhsNumberProblem, isValidNhsNumber, isValidOdsOrganizationCode, isValidOdsSiteCode, nhsNumberProblem } from '../../../profiles/index.js';
import { sharedDir } from '../../support/paths.js';

interface Vectors {
  readonly valid: readonly { value: string }[];
  readonly invalid: readonly { value: string; reason: string }[];
}

describe('NHS numbers (Modulus 11)', () => {
  let vectors: Vectors;

  before(async () => {
    vectors = JSON.parse(await readFile(join(sharedDir, 'nhs', 'nhs-number-test-vectors.json'), 'utf8')) as Vectors;
  });

  it('accepts every valid test vector', () => {
    expect(vectors.valid).to.have.length(19);
    expect(vectors.valid.filter((v) => !isValidNhsNumber(v.value)).map((v) => v.value)).to.deep.equal([]);
  });

  it('rejects every invalid test vector, for its reason', () => {
    expect(vectors.invalid).to.have.length(9);
    const problems = Object.fromEntries(vectors.invalid.map((v) => [v.value, nhsNumberProblem(v.value)]));
    expect(problems).to.deep.equal({
      '9000000000': 'check-digit-mismatch',
      '9000000008': 'check-digit-mismatch',
      '9990000000': 'check-digit-ten',
      '9990000140': 'check-digit-ten',
      '9990000280': 'check-digit-ten',
      '900000000': 'not-ten-digits',
      '90000000091': 'not-ten-digits',
      '900000000A': 'not-ten-digits',
      '900 000 0009': 'not-ten-digits',
    });
  });

  it('says what is wrong in words', () => {
    expect(describeNhsNumberProblem('9990000000', 'check-digit-ten')).to.equal(
      "'9990000000' is not a valid NHS number: its first nine digits give a check digit of 10, so no NHS number starts with them",
    );
  });
});

describe('ODS codes', () => {
  it('takes organisation codes of 3 to 6 upper-case letters and digits', () => {
    expect(['RR8', 'A81001', 'Y12345', 'GP5', '8JK53'].every(isValidOdsOrganizationCode)).to.equal(true);
    expect(['rr8', 'R8', 'A810011', 'RR-8', ''].some(isValidOdsOrganizationCode)).to.equal(false);
  });

  it('takes site codes of 5 to 9 upper-case letters and digits', () => {
    expect(['RR813', 'RR8D7', 'LSP0101'].every(isValidOdsSiteCode)).to.equal(true);
    expect(['RR8', 'rr813', 'RR81234567', 'RR8 13'].some(isValidOdsSiteCode)).to.equal(false);
  });
});
