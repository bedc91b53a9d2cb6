import type { CapabilityStatement, CapabilityStatementRest, CapabilityStatementRestResource } from 'fhir/r4.js';
import type { Interaction } from '../../runner/dsl/index.js';

/**
 * Reading what a server claims in its CapabilityStatement: the suites test what is claimed and omit
 * what is not, so every question a test asks of the statement is answered here, the same way.
 */

/** The interactions a CapabilityStatement claims per resource type (rest.resource.interaction). */
export type TypeInteraction = Exclude<Interaction, 'transaction' | 'batch' | 'search-system' | 'history-system'>;

/** The `rest` entry describing the server side, if the statement has one. */
export function serverRest(statement: CapabilityStatement | undefined): CapabilityStatementRest | undefined {
  return statement?.rest?.find((rest) => rest.mode === 'server');
}

/** What the server claims for one resource type. */
export function resourceClaim(
  statement: CapabilityStatement | undefined,
  type: string,
): CapabilityStatementRestResource | undefined {
  return serverRest(statement)?.resource?.find((resource) => resource.type === type);
}

/** Whether the server claims an interaction on a resource type. */
export function claimsInteraction(statement: CapabilityStatement | undefined, type: string, code: TypeInteraction): boolean {
  return (resourceClaim(statement, type)?.interaction ?? []).some((interaction) => interaction.code === code);
}

/** Resource types the server claims, in the statement's order, optionally only those with an interaction. */
export function claimedTypes(statement: CapabilityStatement | undefined, code?: TypeInteraction): string[] {
  const types = (serverRest(statement)?.resource ?? []).map((resource) => resource.type);
  return code === undefined ? types : types.filter((type) => claimsInteraction(statement, type, code));
}

export interface DeclaredSearchParam {
  readonly name: string;
  readonly type: string;
  readonly definition?: string;
}

/** The search parameters declared for a type (rest.resource.searchParam). */
export function declaredSearchParams(statement: CapabilityStatement | undefined, type: string): DeclaredSearchParam[] {
  return (resourceClaim(statement, type)?.searchParam ?? []).map((param) => ({
    name: param.name,
    type: param.type,
    ...(param.definition === undefined ? {} : { definition: param.definition }),
  }));
}
