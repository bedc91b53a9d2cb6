import { expect } from 'chai';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Resource } from 'fhir/r4.js';
import type { SandboxContent } from '../../sandbox/index.js';
import { sharedDir } from '../support/paths.js';
import { sandboxContent, sandboxProfiles } from '../support/sandbox.js';

describe('sandbox: the seed (UK Core 2.0.2 examples)', () => {
  let content: SandboxContent;
  before(async () => {
    content = await sandboxContent();
  });

  it('holds the 140 UK Core examples, the organisation and device examples refer to, and 16 Must Support additions', () => {
    expect(content.seed).to.have.length(158);
    expect(content.seed[140]).to.include({ resourceType: 'Organization', id: 'UKCore-Organization-WhiteRoseMedicalSupply-Example' });
    expect(content.seed[141]).to.include({ resourceType: 'Device', id: 'UKCore-Device-SoftwareAsAMedicalDevice-Example' });
    expect(content.seed.slice(142).every((r) => r.id?.startsWith('Sandbox-') === true && r.id.endsWith('-MustSupport'))).to.equal(true);
  });

  it('shows every Must Support element of every UK Core profile it serves in at least one instance claiming it', () => {
    const packageDir = join(sharedDir, 'fhir-packages/fhir.r4.ukcore.stu2#2.0.2/package');
    const neverShown: string[] = [];
    for (const file of readdirSync(packageDir).filter((f) => f.endsWith('.json'))) {
      const sd = JSON.parse(readFileSync(join(packageDir, file), 'utf8')) as {
        resourceType: string; kind?: string; type?: string; url?: string; differential?: { element: { id: string; path: string; mustSupport?: boolean }[] };
      };
      if (sd.resourceType !== 'StructureDefinition' || sd.kind !== 'resource' || sd.type === undefined || !content.types.has(sd.type)) continue;
      const instances = content.seed.filter((r) => r.meta?.profile?.includes(sd.url ?? '') === true);
      for (const element of sd.differential?.element ?? []) {
        if (element.mustSupport !== true || element.id.includes(':')) continue;
        if (!instances.some((r) => present(r, element.path.split('.').slice(1)))) neverShown.push(`${sd.url ?? ''} ${element.path}`);
      }
    }
    expect(neverShown).to.deep.equal([]);
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

  it('serves every seeded resource valid against the profiles it claims (no error or fatal issue from Assay\'s validator)', async () => {
    const profiles = await sandboxProfiles();
    const invalid: string[] = [];
    for (const resource of content.seed) {
      const outcome = await profiles.validate(resource);
      for (const issue of outcome.issue.filter((i) => i.severity === 'error' || i.severity === 'fatal')) {
        invalid.push(`${resource.resourceType}/${resource.id ?? ''} ${issue.expression?.join(', ') ?? ''}: ${issue.details?.text ?? ''}`);
      }
    }
    expect(invalid).to.deep.equal([]);
  });

  it('stamps only profiles the CapabilityStatement declares for the type', () => {
    for (const resource of content.seed) {
      for (const profile of resource.meta?.profile ?? []) {
        expect(content.types.get(resource.resourceType)?.supportedProfiles, `${resource.resourceType}/${resource.id ?? ''}`).to.include(profile);
      }
    }
  });

  it('serves no local reference that does not resolve (urn:uuid ones aside: they belong to the Bundle an example was cut from)', () => {
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
    expect(unresolvable.every((r) => r.startsWith('urn:uuid:')), unresolvable.join(', ')).to.equal(true);
  });
});

function references(node: unknown): string[] {
  if (Array.isArray(node)) return node.flatMap(references);
  if (typeof node !== 'object' || node === null) return [];
  return Object.entries(node as Resource).flatMap(([key, value]) => (key === 'reference' && typeof value === 'string' ? [value] : references(value)));
}

/** Whether an element path (below the resource) has a value; `x[x]` matches any `xType`. */
function present(node: unknown, path: readonly string[]): boolean {
  const [step, ...rest] = path;
  if (step === undefined) return node !== undefined;
  if (Array.isArray(node)) return node.some((item) => present(item, path));
  if (typeof node !== 'object' || node === null) return false;
  const keys = step.endsWith('[x]') ? Object.keys(node).filter((k) => k.startsWith(step.slice(0, -3)) && /^[A-Z]/.test(k.slice(step.length - 3))) : [step];
  return keys.some((k) => present((node as Record<string, unknown>)[k], rest));
}
