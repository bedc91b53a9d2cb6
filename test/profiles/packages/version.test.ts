import { expect } from 'chai';
import { pickVersion, versionSpec } from '../../../profiles/packages/version.js';

describe('package version specs', () => {
  const listed = ['1.0.0', '1.1.0', '1.10.2', '2.0.0-ballot', '1.10.10-snapshot', '0.9.0'];

  it('matches an exact version only to itself, pre-releases included', () => {
    expect(pickVersion(versionSpec('1.1.0'), listed)).to.equal('1.1.0');
    expect(pickVersion(versionSpec('2.0.0-ballot'), listed)).to.equal('2.0.0-ballot');
    expect(pickVersion(versionSpec('1.2.0'), listed)).to.equal(undefined);
  });

  it('takes the newest release a wildcard accepts, numerically', () => {
    expect(pickVersion(versionSpec('1.x'), listed)).to.equal('1.10.2');
    expect(pickVersion(versionSpec('1.1.x'), listed)).to.equal('1.1.0');
    expect(pickVersion(versionSpec('2.x'), listed)).to.equal(undefined);
  });

  it('reads "latest" as the newest release', () => {
    expect(versionSpec('latest').kind).to.equal('latest');
    expect(pickVersion(versionSpec('latest'), listed)).to.equal('1.10.2');
  });
});
