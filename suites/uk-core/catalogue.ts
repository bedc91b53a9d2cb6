/**
 * What the generator reads from the loaded UK Core package: its resource profiles (with snapshots), their
 * Must Support elements, and from the package's CapabilityStatement the base profile of each resource type
 * and the search parameters it marks SHALL. Nothing here is written per profile.
 */
import type { CapabilityStatementRestResource, ElementDefinition, Extension, StructureDefinition } from 'fhir/r4.js';
import type { ConformanceResource, Definitions } from '../../profiles/index.js';
import type { Level } from '../../reports/model.js';

export const expectationExtension = 'http://hl7.org/fhir/StructureDefinition/capabilitystatement-expectation';
const nhsNumberSystem = 'https://fhir.nhs.uk/Id/nhs-number';

export interface SearchParamInfo {
  readonly name: string;
  /** The SearchParameter canonical the CapabilityStatement points at, if any. */
  readonly definition: string | undefined;
  readonly type: string;
  /** Its FHIRPath expression, from the SearchParameter it resolves to. */
  readonly expression: string | undefined;
  /** Where it is written: the CapabilityStatement's canonical. */
  readonly source: string;
}

export interface ProfileInfo {
  /** The StructureDefinition id, e.g. `UKCore-Patient`. */
  readonly id: string;
  readonly url: string;
  readonly version: string | undefined;
  readonly type: string;
  /** The CapabilityStatement's profile for its type: instances that claim no profile of the type count as this one. */
  readonly base: boolean;
  /** The expectation the CapabilityStatement puts on the type (its capabilitystatement-expectation), if any. */
  readonly expectation: Level | undefined;
  readonly snapshot: readonly ElementDefinition[];
  /** Element ids marked mustSupport in the snapshot, in snapshot order. */
  readonly mustSupport: readonly string[];
  /** The profile slices an identifier by the NHS number system (it carries NHS numbers by design). */
  readonly carriesNhsNumber: boolean;
  /** The search parameters the CapabilityStatement marks SHALL for this type (on its base profile only). */
  readonly searchParams: readonly SearchParamInfo[];
}

export interface Catalogue {
  readonly profiles: readonly ProfileInfo[];
  /** Every profile url of the catalogue by resource type, to tell which instances claim another one. */
  readonly profilesByType: ReadonlyMap<string, ReadonlySet<string>>;
}

function isProfile(resource: ConformanceResource, canonicalBase: string): boolean {
  return (
    resource.resourceType === 'StructureDefinition' &&
    typeof resource.url === 'string' &&
    resource.url.startsWith(canonicalBase) &&
    resource['kind'] === 'resource' &&
    resource['derivation'] === 'constraint'
  );
}

function expectation(element: { extension?: Extension[] | undefined }): string | undefined {
  return element.extension?.find((extension) => extension.url === expectationExtension)?.valueCode;
}

function level(code: string | undefined): Level | undefined {
  return code === 'SHALL' || code === 'SHOULD' || code === 'MAY' ? code : undefined;
}

/** The server resources of the package's CapabilityStatements (kind requirements), by type. */
function capabilityResources(definitions: Definitions, canonicalBase: string): Map<string, { resource: CapabilityStatementRestResource; source: string }> {
  const site = new URL(canonicalBase).origin;
  const byType = new Map<string, { resource: CapabilityStatementRestResource; source: string }>();
  const seen = new Set<string>();
  for (const statement of definitions.all('CapabilityStatement')) {
    // all() gives each canonical's newest version first: older versions of a statement are not read.
    if (typeof statement.url !== 'string' || !statement.url.startsWith(site) || seen.has(statement.url)) continue;
    seen.add(statement.url);
    const rest = (statement['rest'] ?? []) as { mode?: string; resource?: CapabilityStatementRestResource[] }[];
    for (const resource of rest.filter((entry) => entry.mode === 'server').flatMap((entry) => entry.resource ?? [])) {
      if (!byType.has(resource.type)) byType.set(resource.type, { resource, source: statement.url });
    }
  }
  return byType;
}

/** The expression of the SearchParameter a CapabilityStatement names, or of the loaded one with that code on the type. */
function searchExpression(definitions: Definitions, type: string, code: string, canonical: string | undefined): string | undefined {
  const declared = canonical === undefined ? undefined : definitions.resolve(canonical);
  const found =
    declared ??
    [...definitions.all('SearchParameter')].find((parameter) => parameter['code'] === code && ((parameter['base'] ?? []) as string[]).includes(type));
  return typeof found?.['expression'] === 'string' ? found['expression'] : undefined;
}

function carriesNhsNumber(snapshot: readonly ElementDefinition[]): boolean {
  return snapshot.some((element) => /\.identifier:[^.]+\.system$/.test(element.id ?? '') && element.fixedUri === nhsNumberSystem);
}

/** The UK Core profiles (StructureDefinitions under `canonicalBase`) loaded in `definitions`, sorted by id. */
export function readCatalogue(definitions: Definitions, canonicalBase: string): Catalogue {
  const capabilities = capabilityResources(definitions, canonicalBase);
  // all() gives each canonical's newest version first: a profile is generated from its newest version only.
  const newest = new Map<string, ConformanceResource>();
  for (const resource of definitions.all('StructureDefinition')) {
    if (isProfile(resource, canonicalBase) && !newest.has(resource.url as string)) newest.set(resource.url as string, resource);
  }
  const profiles = [...newest.values()]
    .map((resource): ProfileInfo => {
      const url = resource.url as string;
      const definition = definitions.structureDefinition(url) as StructureDefinition;
      const snapshot = definition.snapshot?.element ?? [];
      if (snapshot.length === 0) throw new Error(`the profile ${url} has no snapshot: the profiles room must generate one`);
      const capability = capabilities.get(definition.type);
      const base = capability?.resource.profile === url;
      return {
        id: definition.id ?? url.slice(url.lastIndexOf('/') + 1),
        url,
        version: definition.version,
        type: definition.type,
        base,
        expectation: base && capability !== undefined ? level(expectation(capability.resource)) : undefined,
        snapshot,
        mustSupport: snapshot.filter((element) => element.mustSupport === true && element.id !== undefined).map((element) => element.id as string),
        carriesNhsNumber: carriesNhsNumber(snapshot),
        searchParams:
          base && capability !== undefined
            ? (capability.resource.searchParam ?? [])
                .filter((param) => expectation(param) === 'SHALL')
                .map((param) => ({
                  name: param.name,
                  definition: param.definition,
                  type: param.type,
                  expression: searchExpression(definitions, definition.type, param.name, param.definition),
                  source: capability.source,
                }))
            : [],
      };
    })
    .sort((a, b) => a.id.localeCompare(b.id));
  const profilesByType = new Map<string, Set<string>>();
  for (const profile of profiles) profilesByType.set(profile.type, (profilesByType.get(profile.type) ?? new Set()).add(profile.url));
  return { profiles, profilesByType };
}
