import type { CapabilityStatement, CapabilityStatementRestResource } from 'fhir/r4.js';
import type { ServedType } from './content.js';
import type { SandboxContext } from './context.js';

/** The statement never changes while a sandbox runs: version 1, served with ETag W/"1". */
export const capabilityVersion = '1';

const restfulSecurityService = 'http://terminology.hl7.org/CodeSystem/restful-security-service';

/**
 * The sandbox's CapabilityStatement (R4 capabilitystatement.html), built from what it actually serves:
 * every type with its UK Core profiles, the interactions the router implements, the search parameters
 * search implements (each pointing at its R4 core definition), the includes they allow, JSON only.
 */
export function capabilityStatement(ctx: SandboxContext): CapabilityStatement {
  const types = [...ctx.content.types.values()];
  const statement: CapabilityStatement = {
    resourceType: 'CapabilityStatement',
    meta: { versionId: capabilityVersion, lastUpdated: ctx.startedAt.toISOString() },
    text: { status: 'generated', div: '<div xmlns="http://www.w3.org/1999/xhtml">Assay sandbox: a reference UK Core FHIR R4 server</div>' },
    name: 'AssaySandbox',
    title: 'Assay sandbox',
    status: 'active',
    date: ctx.startedAt.toISOString(),
    publisher: 'Assay',
    kind: 'instance',
    software: { name: 'Assay sandbox', version: ctx.softwareVersion },
    implementation: { description: 'Assay sandbox: a reference UK Core FHIR R4 server (in memory)', url: ctx.baseUrl },
    fhirVersion: '4.0.1',
    format: ['application/fhir+json'],
    rest: [
      {
        mode: 'server',
        ...(ctx.auth === undefined ? {} : { security: security(ctx.auth.tokenUrl) }),
        resource: types.map((served) => resource(served, types)),
        interaction: [{ code: 'batch' }, { code: 'transaction' }, { code: 'history-system' }],
      },
    ],
  };
  if (!ctx.defects.has('invalid-capability-statement')) return statement;
  const { kind: _kind, ...withoutKind } = statement;
  return withoutKind as CapabilityStatement;
}

function resource(served: ServedType, types: readonly ServedType[]): CapabilityStatementRestResource {
  const references = served.searchParams.filter((p) => p.type === 'reference');
  return {
    type: served.type as CapabilityStatementRestResource['type'],
    ...(served.profile === undefined ? {} : { profile: served.profile }),
    ...(served.supportedProfiles.length === 0 ? {} : { supportedProfile: [...served.supportedProfiles] }),
    interaction: (['read', 'vread', 'update', 'delete', 'history-instance', 'history-type', 'create', 'search-type'] as const).map((code) => ({ code })),
    versioning: 'versioned-update',
    readHistory: true,
    updateCreate: true,
    conditionalCreate: true,
    conditionalRead: 'not-supported',
    conditionalUpdate: true,
    conditionalDelete: 'single',
    referencePolicy: ['literal', 'local'],
    ...nonEmpty('searchInclude', references.map((p) => `${served.type}:${p.code}`)),
    ...nonEmpty(
      'searchRevInclude',
      types.flatMap((other) => other.searchParams.filter((p) => p.type === 'reference' && p.targets.includes(served.type)).map((p) => `${other.type}:${p.code}`)),
    ),
    searchParam: served.searchParams.map((p) => ({ name: p.code, definition: p.definition, type: p.type })),
  };
}

/** FHIR JSON has no empty arrays: an element with no values is left out. */
function nonEmpty<K extends string>(key: K, values: string[]): Partial<Record<K, string[]>> {
  return values.length === 0 ? {} : ({ [key]: values } as Record<K, string[]>);
}

function security(tokenUrl: string): NonNullable<CapabilityStatement['rest']>[number]['security'] {
  return {
    service: [{ coding: [{ system: restfulSecurityService, code: 'SMART-on-FHIR' }] }],
    // SMART's oauth-uris extension requires an authorize endpoint, which backend services have none of:
    // the token endpoint is named here and in .well-known/smart-configuration.
    description: `OAuth 2.0 client credentials from ${tokenUrl}: a client secret, or a signed JWT client assertion (RS512, private_key_jwt); send the token as Authorization: Bearer`,
  };
}
