import { expect } from 'chai';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Suite, TestDefinition } from '../../../runner/dsl/index.js';
import { defineSuite, loadSuite } from '../../../runner/dsl/index.js';
import { UsageError } from '../../../runner/errors.js';
import type { Requirement } from '../../../reports/model.js';
import demoRest from '../../fixtures/suites/demo-rest/index.js';

const demoRequirements = new URL('../../fixtures/suites/demo-rest/requirements.json', import.meta.url);
const pass = (): Promise<void> => Promise.resolve();

function suiteWith(tests: readonly TestDefinition[], requirements: URL | readonly Requirement[] = demoRequirements): Suite {
  return defineSuite({
    id: 'probe',
    version: '0.1.0',
    title: 'Probe',
    requirements,
    inputs: {},
    tests: [{ id: 'g', title: 'G', tests }],
  });
}

function loadError(suite: Suite): string {
  try {
    loadSuite(suite);
  } catch (error) {
    expect(error).to.be.instanceOf(UsageError);
    return (error as UsageError).line;
  }
  throw new Error('expected the suite to fail to load');
}

describe('loading a suite', () => {
  it('resolves ids, levels, dependencies and requirements', () => {
    const loaded = loadSuite(demoRest);
    expect(loaded.tests.map((test) => test.id)).to.deep.equal([
      'demo-rest/read/patient-read',
      'demo-rest/read/patient-etag',
      'demo-rest/read/patient-read-fhir',
      'demo-rest/search/patient-by-identifier',
      'demo-rest/write/patient-create',
    ]);
    const etag = loaded.tests[1];
    expect(etag).to.deep.include({
      suite: 'demo-rest',
      group: 'read',
      level: 'SHOULD',
      dependsOn: ['demo-rest/read/patient-read'],
    });
    expect(loaded.tests[4]).to.deep.include({ level: 'MAY', writes: true });
    expect(loaded.info.requirements).to.have.length(5);
    expect(loaded.info.requirements[0]).to.deep.equal({
      id: 'DEMO-READ-01',
      text: 'The server SHALL return a Patient by id.',
      source: 'http://hl7.org/fhir/R4/http.html#read',
      level: 'SHALL',
    });
  });

  it('takes the strongest level of the verified requirements unless the test sets one', () => {
    const loaded = loadSuite(
      suiteWith([
        { id: 'both', title: 'B', verifies: ['DEMO-READ-02', 'DEMO-READ-01'], run: pass },
        { id: 'set', title: 'S', verifies: ['DEMO-READ-01'], level: 'SHOULD', run: pass },
        { id: 'none', title: 'N', verifies: [], run: pass },
      ]),
    );
    expect(loaded.tests.map((test) => test.level)).to.deep.equal(['SHALL', 'SHOULD', 'MAY']);
  });

  it('fails on an unknown requirement id, naming the test and the file', () => {
    const line = loadError(suiteWith([{ id: 't', title: 'T', verifies: ['DEMO-NOPE-01'], run: pass }]));
    expect(line).to.equal(
      'suite "probe": test "g/t" verifies unknown requirement "DEMO-NOPE-01"; add it to test/fixtures/suites/demo-rest/requirements.json or fix the id',
    );
  });

  it('fails on a dependency that does not exist', () => {
    const line = loadError(suiteWith([{ id: 't', title: 'T', verifies: [], dependsOn: ['missing'], run: pass }]));
    expect(line).to.equal('suite "probe": test "probe/g/t" depends on unknown test "probe/g/missing"');
  });

  it('fails on a dependency loop and names it', () => {
    const line = loadError(
      suiteWith([
        { id: 'a', title: 'A', verifies: [], dependsOn: ['b'], run: pass },
        { id: 'b', title: 'B', verifies: [], dependsOn: ['g/a'], run: pass },
      ]),
    );
    expect(line).to.equal('suite "probe": tests depend on each other in a loop: probe/g/a -> probe/g/b -> probe/g/a');
  });

  it('fails on a test id declared twice and on an id that is not kebab-case', () => {
    expect(
      loadError(
        suiteWith([
          { id: 'a', title: 'A', verifies: [], run: pass },
          { id: 'a', title: 'A again', verifies: [], run: pass },
        ]),
      ),
    ).to.equal('suite "probe": test "g/a" is declared twice');
    expect(loadError(suiteWith([{ id: 'Bad_Id', title: 'A', verifies: [], run: pass }]))).to.equal(
      'suite "probe": test id "g/Bad_Id" must be lower-case kebab-case',
    );
  });

  describe('requirements.json', () => {
    let dir: string;
    beforeEach(() => (dir = mkdtempSync(join(tmpdir(), 'assay-requirements-'))));
    afterEach(() => rmSync(dir, { recursive: true, force: true }));

    function withRequirements(content: string): Suite {
      const file = join(dir, 'requirements.json');
      writeFileSync(file, content);
      return suiteWith([], pathToFileURL(file));
    }

    it('names a missing file', () => {
      const line = loadError(suiteWith([], pathToFileURL(join(dir, 'requirements.json'))));
      expect(line).to.equal(
        `suite "probe": cannot read its requirements ${join(dir, 'requirements.json')} (ENOENT); the suite must ship a requirements.json beside its index.ts`,
      );
    });

    it('names the bad entry and what is allowed', () => {
      const line = loadError(
        withRequirements('[{"id":"R-1","text":"x","source":"http://example.org","level":"MUST"}]'),
      );
      expect(line).to.equal(
        `suite "probe": ${join(dir, 'requirements.json')} at [0].level must be one of: SHALL, SHOULD, MAY`,
      );
    });

    it('refuses a requirement id declared twice', () => {
      const entry = '{"id":"R-1","text":"x","source":"http://example.org","level":"MAY"}';
      const line = loadError(withRequirements(`[${entry},${entry}]`));
      expect(line).to.equal(`suite "probe": ${join(dir, 'requirements.json')} declares requirement "R-1" twice`);
    });
  });
  it('takes requirements given inline, as a generated suite does, and checks them like a file', () => {
    const inline = [{ id: 'GEN-01', text: 'Generated.', source: 'https://example.org/profile#Patient.name', level: 'SHOULD' as const }];
    const loaded = loadSuite(suiteWith([{ id: 't', title: 'T', verifies: ['GEN-01'], run: pass }], inline));
    expect(loaded.info.requirements).to.deep.equal(inline);
    expect(loaded.tests[0]?.level).to.equal('SHOULD');
    expect(loadError(suiteWith([], [...inline, ...inline]))).to.equal('suite "probe": the requirements generated for probe declares requirement "GEN-01" twice');
    expect(loadError(suiteWith([], [{ ...inline[0], source: 'not a uri' } as (typeof inline)[number]]))).to.match(/^suite "probe": the requirements generated for probe at \[0\]\.source /);
  });
});
