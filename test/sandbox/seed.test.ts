import { expect } from 'chai';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Resource } from 'fhir/r4.js';
import type { SandboxContent } from '../../sandbox/index.js';
import { sharedDir } from '../support/paths.js';
import { sandboxContent } from '../support/sandbox.js';

describe('sandbox: the seed (UK Core 2.0.2 examples)', () => {
  let content: SandboxContent;
  before(async () => {
    content = await sandboxContent();
  });

  it('holds the 140 UK Core examples plus the one organisation an example refers to', () => {
    expect(content.seed).to.have.length(141);
    expect(content.seed.at(-1)).to.include({ resourceType: 'Organization', id: 'UKCore-Organization-WhiteRoseMedicalSupply-Example' });
  });

  it('stamps each example with the profile it illustrates, exactly as ../shared/corpora/ukcore-examples-profiles.json says', () => {
    const expected = JSON.parse(readFileSync(join(sharedDir, 'corpora/ukcore-examples-profiles.json'), 'utf8')) as Record<string, string | null>;
    const byId = new Map(content.seed.map((r) => [r.id, r]));
    expect(Object.keys(expected)).to.have.length(140);
    for (const [file, profile] of Object.entries(expected)) {
      const resource = byId.get(file.replace(/\.json$/, ''));
      expect(resource, file).to.not.equal(undefined);
      expect(resource?.meta?.profile, file).to.deep.equal(profile === null ? undefined : [profile]);
    }
  });

  it('stamps only profiles the CapabilityStatement declares for the type', () => {
    for (const resource of content.seed) {
      for (const profile of resource.meta?.profile ?? []) {
        expect(content.types.get(resource.resourceType)?.supportedProfiles, `${resource.resourceType}/${resource.id ?? ''}`).to.include(profile);
      }
    }
  });

  it('serves no local reference that does not resolve (urn:uuid and unserved types such as Device aside)', () => {
    const ids = new Set(content.seed.map((r) => `${r.resourceType}/${r.id ?? ''}`));
    const dangling: string[] = [];
    const unresolvable: string[] = [];
    for (const resource of content.seed) {
      for (const reference of references(resource)) {
        if (reference.startsWith('#')) continue;
        const local = /^([A-Z][A-Za-z]+)\/([A-Za-z0-9\-.]+)$/.exec(reference);
        if (local?.[1] !== undefined && content.types.has(local[1])) {
          if (!ids.has(reference)) dangling.push(`${resource.resourceType}/${resource.id ?? ''} -> ${reference}`);
        } else unresolvable.push(reference);
      }
    }
    expect(dangling).to.deep.equal([]);
    expect(unresolvable.every((r) => r.startsWith('urn:uuid:') || r.startsWith('Device/')), unresolvable.join(', ')).to.equal(true);
  });
});

function references(node: unknown): string[] {
  if (Array.isArray(node)) return node.flatMap(references);
  if (typeof node !== 'object' || node === null) return [];
  return Object.entries(node as Resource).flatMap(([key, value]) => (key === 'reference' && typeof value === 'string' ? [value] : references(value)));
}
