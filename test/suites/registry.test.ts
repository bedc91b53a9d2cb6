import { expect } from 'chai';
import { loadSuite } from '../../runner/dsl/index.js';
import { generatedSuites, suites } from '../../suites/index.js';

describe('the suite registry', () => {
  it('holds suites with distinct ids', () => {
    const ids = [...suites, ...generatedSuites].map((suite) => suite.id);
    expect(new Set(ids).size).to.equal(ids.length);
  });

  for (const suite of suites) {
    it(`loads ${suite.id}: requirements readable, every verified id and dependency known`, () => {
      expect(loadSuite(suite).info.id).to.equal(suite.id);
    });
  }
});
