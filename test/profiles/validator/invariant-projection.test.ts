import { expect } from 'chai';
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { projectionKey, projectionOf } from '../../../profiles/validator/invariant-projection.js';
import { createValidator } from '../../../profiles/validator/index.js';
import { sharedDefinitions } from '../../support/definitions.js';
import { sharedDir } from '../../support/paths.js';

describe('invariant projections (what an invariant reads of its focus)', function () {
  this.timeout(180_000);

  it('keeps counts where only existence is tested, and values where they are compared', () => {
    expect(projectionOf('value.empty() or system.exists()')).to.deep.equal([
      { path: ['value'], use: 'count' },
      { path: ['system'], use: 'count' },
    ]);
    expect(projectionOf("chain.empty() or type = 'reference'")).to.deep.equal([
      { path: ['chain'], use: 'count' },
      { path: ['type'], use: 'value' },
    ]);
    expect(projectionOf("reference.startsWith('#').not() or (reference.substring(1) in %rootResource.contained.id)")).to.deep.equal([
      { path: ['reference'], use: 'value' },
      { path: ['reference'], use: 'value' },
      { path: ['%rootResource', 'contained', 'id'], use: 'value' },
    ]);
  });

  it('refuses expressions that read the focus itself or where it sits, and never keys a whole container', () => {
    expect(projectionOf("empty() or ($this = '*')")).to.equal(undefined);
    expect(projectionOf('subject.resolve().exists()')).to.equal(undefined);
    const container = projectionOf('%resource.descendants().count() > 1') ?? [];
    expect(projectionKey({}, container, { resource: { resourceType: 'Patient' } })).to.equal(undefined);
  });

  it('keys elements by what is read, and not at all when a read value is an object or carries extensions', () => {
    const projection = projectionOf("value.empty() or system = 'phone'") ?? [];
    expect(projectionKey({ system: 'phone', value: '1' }, projection, {})).to.equal(projectionKey({ system: 'phone', value: '2', use: 'home' }, projection, {}));
    expect(projectionKey({ system: 'phone' }, projection, {})).to.not.equal(projectionKey({ system: 'email' }, projection, {}));
    expect(projectionKey({ system: 'phone', _system: { extension: [] } }, projection, {})).to.equal(undefined);
    expect(projectionKey({ system: { text: 'x' } }, projection, {})).to.equal(undefined);
  });

  it('gives the same findings as evaluating every invariant on every element', async () => {
    const definitions = await sharedDefinitions('hl7.fhir.r4.core#4.0.1');
    const reusing = createValidator(definitions);
    const fresh = createValidator(definitions, { reuseInvariantResults: false });
    const dir = join(sharedDir, 'corpora', 'r4-spec-examples');
    const files = (await readdir(dir)).filter((f, i) => f.endsWith('.json') && i % 4 === 0);
    for (const file of files) {
      const json: unknown = JSON.parse(await readFile(join(dir, file), 'utf8'));
      expect(await reusing.validate(json), file).to.deep.equal(await fresh.validate(json));
    }
  });
});
