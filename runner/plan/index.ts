// Planning: selection, dependencies, inputs and omission, as plain serializable data.
export { capabilityGap, declaredGap } from './claims.js';
export { describePlan } from './describe-plan.js';
export { idMatcher } from './glob.js';
export type { InputSources, PlannedInput } from './inputs.js';
export { inputEnvName, resolveInputs } from './inputs.js';
export type { PlannedSuite, PlannedTest, PlanRequest, RunPlan } from './plan.js';
export { buildPlan } from './plan.js';
export type { TestFilter } from './select.js';
export { dependencyOrder, pickSuites, selectTests } from './select.js';
