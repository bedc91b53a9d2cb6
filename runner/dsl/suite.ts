/**
 * The suite DSL: a suite is plain typed data (DESIGN.md, example 1).
 *
 *   export default defineSuite({
 *     id: 'fhir-r4-rest', version: '1.0.0', title: 'FHIR R4 RESTful API',
 *     requirements: new URL('./requirements.json', import.meta.url),
 *     inputs: { patientId: { type: 'string', title: 'A Patient id the target holds' } },
 *     outputs: { etag: { type: 'string', title: 'ETag of the Patient read' } },
 *     packages: ['hl7.fhir.r4.core#4.0.1'],
 *     tests: [
 *       { id: 'read', title: 'Read', tests: [
 *         { id: 'patient-read', title: 'Reads a Patient by id', verifies: ['R4-READ-01'],
 *           claims: { resource: 'Patient', interaction: 'read' },
 *           run: async (ctx) => {
 *             const response = await ctx.http.get(`Patient/${ctx.inputs.patientId}`);
 *             ctx.expect.status(response, 200);
 *             await ctx.validate(ctx.expect.resource(response.json(), 'Patient'));
 *             ctx.output('etag', ctx.expect.header(response, 'etag'));
 *           } },
 *       ] },
 *     ],
 *   });
 *
 * - `tests` is a list of groups; each group a list of tests. A test's stable id is `<suite>/<group>/<test>`
 *   (the `TestResult.id` of reports/model.ts): ids are lower-case kebab-case and never reused for a
 *   different check. Group order and test order are the order of presentation, not of execution.
 * - `requirements` points at the suite's `requirements.json`: an array of `{ id, text, source, level }`.
 *   Every id in a test's `verifies` must be there, or the suite fails to load.
 * - `level` defaults to the strongest level among the requirements the test verifies. SHALL tests are the
 *   required ones: their failures fail the run.
 * - `dependsOn` names tests that must run first (`<test>` in the same group, or `<group>/<test>`). If one
 *   did not pass, this test is skipped naming it. Selecting a test selects its dependencies.
 * - `claims` says what the target must claim for the test to apply (in its CapabilityStatement or the
 *   declared scope of the config); if it does not, the test is omitted and the result says why.
 *   `writes: true` tests are omitted unless the target is declared writable.
 * - `inputs` are typed from their spec; `outputs` carry values from one test to later ones
 *   (`ctx.output(key, value)`, `ctx.need(key)`); the reading test must `dependsOn` the writing one.
 * - `packages` are the FHIR packages `ctx.validate` needs (`id#version`); the run loads them once.
 */
import type { Level, Requirement } from '../../reports/model.js';
import type { TestContext } from './context.js';

interface ValueSpecBase {
  /** What the value is, one line, shown in `--dry-run` and in the error when it is missing. */
  readonly title: string;
  readonly description?: string;
}

/** One input a suite takes, with its type. Secret inputs are redacted from every output. */
export type InputSpec = ValueSpecBase & { readonly optional?: boolean; readonly secret?: boolean } & (
    | { readonly type: 'string'; readonly default?: string }
    | { readonly type: 'number'; readonly default?: number }
    | { readonly type: 'boolean'; readonly default?: boolean }
    | { readonly type: 'string[]'; readonly default?: readonly string[] }
  );

/** One value a test hands to later tests of the same suite. */
export type OutputSpec = ValueSpecBase & { readonly type: ValueType };

export type ValueType = 'string' | 'number' | 'boolean' | 'string[]';

export type InputsSpec = Readonly<Record<string, InputSpec>>;
export type OutputsSpec = Readonly<Record<string, OutputSpec>>;

/** The TypeScript type of a value declared with `type`. */
export type ValueOf<S extends { readonly type: ValueType }> = S['type'] extends 'string'
  ? string
  : S['type'] extends 'number'
    ? number
    : S['type'] extends 'boolean'
      ? boolean
      : readonly string[];

/** The inputs a test sees: a required input or one with a default is always there. */
export type Inputs<I extends InputsSpec> = {
  readonly [K in keyof I]: I[K] extends { readonly optional: true }
    ? I[K] extends { readonly default: unknown }
      ? ValueOf<I[K]>
      : ValueOf<I[K]> | undefined
    : ValueOf<I[K]>;
};

/** FHIR RESTful interactions, as CapabilityStatement.rest names them. */
export type Interaction =
  | 'read'
  | 'vread'
  | 'update'
  | 'patch'
  | 'delete'
  | 'history-instance'
  | 'history-type'
  | 'create'
  | 'search-type'
  | 'transaction'
  | 'batch'
  | 'search-system'
  | 'history-system';

/** What the target must claim for a test to apply; a test whose claims are not met is omitted. */
export interface Claims {
  /** A resource type the target must support (`CapabilityStatement.rest.resource.type`). */
  readonly resource?: string;
  /** An interaction on `resource`, or a system-level one (transaction, batch, search-system, history-system). */
  readonly interaction?: Interaction;
  /** Search parameters on `resource` the target must support. */
  readonly searchParams?: readonly string[];
  /** An operation, with or without `$`, on `resource` or the system. */
  readonly operation?: string;
  /** A profile canonical the target must claim (`supportedProfile`, or the declared scope's profiles). */
  readonly profile?: string;
  /** An NHS England API pack the target must declare in its scope, e.g. `pds`. */
  readonly apiPack?: string;
}

export interface TestDefinition<I extends InputsSpec = InputsSpec, O extends OutputsSpec = OutputsSpec> {
  /** Lower-case kebab-case, unique in its group. */
  readonly id: string;
  readonly title: string;
  readonly description?: string;
  /** Requirement ids from the suite's requirements.json. */
  readonly verifies: readonly string[];
  /** Default: the strongest level among `verifies`. */
  readonly level?: Level;
  /** Tests that must pass first: `<test>` in the same group or `<group>/<test>`. */
  readonly dependsOn?: readonly string[];
  readonly tags?: readonly string[];
  readonly claims?: Claims;
  /** The test creates, updates or deletes data: it runs only against a target declared writable. */
  readonly writes?: boolean;
  /** Overrides the run's per-test timeout. */
  readonly timeoutSeconds?: number;
  run(ctx: TestContext<I, O>): Promise<void>;
}

export interface GroupDefinition<I extends InputsSpec = InputsSpec, O extends OutputsSpec = OutputsSpec> {
  /** Lower-case kebab-case, unique in its suite. */
  readonly id: string;
  readonly title: string;
  readonly description?: string;
  readonly tests: readonly TestDefinition<I, O>[];
}

export interface SuiteDefinition<I extends InputsSpec = InputsSpec, O extends OutputsSpec = OutputsSpec> {
  /** Lower-case kebab-case; also the folder name under suites/. */
  readonly id: string;
  readonly version: string;
  readonly title: string;
  readonly description?: string;
  /**
   * The suite's requirements.json: `new URL('./requirements.json', import.meta.url)`; or, for a suite
   * generated from loaded packages (uk-core), the generated requirements themselves.
   */
  readonly requirements: URL | readonly Requirement[];
  readonly inputs: I;
  readonly outputs?: O;
  /** FHIR packages (`id#version`) that `ctx.validate` needs; loaded once per run. */
  readonly packages?: readonly string[];
  readonly tests: readonly GroupDefinition<I, O>[];
}

/** A suite with its input and output types erased: what the registry and the runner hold. */
export type Suite = SuiteDefinition;

/** Declares a suite; `const` keeps input and output literals so tests see typed values. */
export function defineSuite<const I extends InputsSpec, const O extends OutputsSpec = Record<never, OutputSpec>>(
  suite: SuiteDefinition<I, O>,
): Suite {
  return suite;
}

/** Declares a group in its own file; pass the suite's spec types: `defineGroup<typeof inputs, typeof outputs>`. */
export function defineGroup<I extends InputsSpec, O extends OutputsSpec = Record<never, OutputSpec>>(
  group: GroupDefinition<I, O>,
): GroupDefinition<I, O> {
  return group;
}

/** Declares one test in its own file, typed like `defineGroup`. */
export function defineTest<I extends InputsSpec, O extends OutputsSpec = Record<never, OutputSpec>>(
  test: TestDefinition<I, O>,
): TestDefinition<I, O> {
  return test;
}
