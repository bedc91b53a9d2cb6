import { expect } from 'chai';
import type { ElementDefinition, StructureDefinition } from 'fhir/r4.js';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { loadDefinitions } from '../../../profiles/definitions.js';
import type { ConformanceResource, Definitions } from '../../../profiles/types.js';
import { sharedPackageCache } from '../../support/paths.js';

/**
 * The honest test of the snapshot generator: R4 core ships its constraint profiles (vitalsigns, bp, the core
 * extension definitions, ...) with both a differential and HL7's own snapshot. Each is regenerated from its
 * differential alone (under a different url, so that profiles built on it still see HL7's snapshot) and compared
 * with HL7's, element by element.
 */
const coreFolder = join(sharedPackageCache, 'hl7.fhir.r4.core#4.0.1', 'package');
const profiles = readdirSync(coreFolder)
  .filter((name) => name.startsWith('StructureDefinition-'))
  .map((name) => JSON.parse(readFileSync(join(coreFolder, name), 'utf8')) as StructureDefinition)
  .filter((sd) => sd.derivation === 'constraint' && sd.snapshot !== undefined && sd.differential !== undefined);

/** Where Assay's snapshot knowingly differs from HL7's, and why. */
const knownDifferences: Readonly<Record<string, string>> = {
  catalog:
    'slices Composition.date (0..1, no slicing); HL7 silently turns the lone slice into the element, Assay refuses the differential',
  'familymemberhistory-genetic':
    'slices FamilyMemberHistory.relationship (1..1, no slicing); HL7 silently turns the lone slice into the element, Assay refuses the differential',
  'structuredefinition-json-type': "HL7's snapshot carries type entries without a code (XML/JSON type extensions only) where the base has System.String",
  'structuredefinition-rdf-type': "HL7's snapshot carries type entries without a code (XML/JSON type extensions only) where the base has System.String",
  'structuredefinition-xml-type': "HL7's snapshot carries type entries without a code (XML/JSON type extensions only) where the base has System.String",
  'provenance-relevant-history': "HL7 rewrites Provenance.entity.agent's contentReference to the profile's own slice #Provenance.agent:Author",
};

const generatedUrl = (sd: StructureDefinition) => `${sd.url}#regenerated`;

describe('snapshots regenerated from the differentials of R4 core profiles agree with HL7 snapshots', () => {
  let definitions: Definitions;

  before(async () => {
    const regenerate = profiles.map((sd) => {
      const { snapshot: _, ...differentialOnly } = sd;
      return { ...differentialOnly, url: generatedUrl(sd) } as unknown as ConformanceResource;
    });
    definitions = await loadDefinitions({ packages: ['hl7.fhir.r4.core#4.0.1'], cacheDir: sharedPackageCache, extra: regenerate });
  });

  it(`covers all ${profiles.length} constraint profiles that ship both`, () => {
    expect(profiles.length).to.equal(442);
    expect(profiles.map((sd) => sd.id)).to.include.members(['vitalsigns', 'bp', 'bodyweight', 'heartrate', 'shareablevalueset', 'cqf-questionnaire']);
  });

  for (const sd of profiles) {
    const known = knownDifferences[sd.id as string];
    if (known !== undefined) {
      it(`${sd.id as string}: pending, ${known}`);
      continue;
    }
    it(`${sd.id as string}`, () => {
      const generated = definitions.structureDefinition(generatedUrl(sd));
      expect(differences(sd.snapshot?.element ?? [], generated?.snapshot?.element ?? [])).to.deep.equal([]);
    });
  }
});

/** What a validator reads from an element; documentation and mappings are left out on purpose. */
function signature(e: ElementDefinition): Record<string, unknown> {
  const s: Record<string, unknown> = {
    path: e.path,
    sliceName: e.sliceName,
    min: e.min,
    max: e.max,
    base: e.base,
    type: (e.type ?? []).map((t) => ({ code: t.code, profile: t.profile ?? [], targetProfile: t.targetProfile ?? [] })),
    contentReference: e.contentReference,
    slicing: e.slicing === undefined ? undefined : { discriminator: e.slicing.discriminator, rules: e.slicing.rules, ordered: e.slicing.ordered ?? false },
    binding: e.binding === undefined ? undefined : { strength: e.binding.strength, valueSet: e.binding.valueSet },
    constraints: (e.constraint ?? []).map((c) => `${c.key}: ${c.expression ?? ''}`).sort(),
    mustSupport: e.mustSupport ?? false,
    isModifier: e.isModifier ?? false,
    maxLength: e.maxLength,
  };
  for (const [key, value] of Object.entries(e)) if (key.startsWith('fixed') || key.startsWith('pattern')) s[key] = value;
  return s;
}

function differences(want: readonly ElementDefinition[], got: readonly ElementDefinition[]): string[] {
  const wantIds = want.map((e) => e.id);
  const gotIds = got.map((e) => e.id);
  if (JSON.stringify(wantIds) !== JSON.stringify(gotIds)) return [`element ids differ: HL7 ${wantIds.join(' ')} / Assay ${gotIds.join(' ')}`];
  const out: string[] = [];
  want.forEach((w, i) => {
    const a = signature(w);
    const b = signature(got[i] as ElementDefinition);
    for (const key of new Set([...Object.keys(a), ...Object.keys(b)])) {
      if (JSON.stringify(a[key]) !== JSON.stringify(b[key])) out.push(`${w.id as string} ${key}: HL7 ${JSON.stringify(a[key])}, Assay ${JSON.stringify(b[key])}`);
    }
  });
  return out;
}
