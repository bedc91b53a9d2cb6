// The suite DSL: what a suite author imports. See suite.ts for how a suite is written.
export type { Expect, HttpClient, HttpRequest, HttpResponse, TargetInfo, TestContext } from './context.js';
export type { LoadedGroup, LoadedSuite, LoadedTest } from './load.js';
export { loadSuite, matchesType } from './load.js';
export { rollUp, strongest, worst } from './outcome.js';
export { CheckFailure, OmitSignal, SkipSignal } from './signals.js';
export type {
  Claims,
  GroupDefinition,
  Inputs,
  InputSpec,
  InputsSpec,
  Interaction,
  OutputSpec,
  OutputsSpec,
  Suite,
  SuiteDefinition,
  TestDefinition,
  ValueOf,
  ValueType,
} from './suite.js';
export { defineGroup, defineSuite, defineTest } from './suite.js';
