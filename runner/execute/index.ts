// Execution: runs a plan against the target and emits the run's events.
export { EventChannel } from './event-channel.js';
export type { RunOptions, RunOutcome } from './run-plan.js';
export { executePlan } from './run-plan.js';
export { evidenceRef } from './test-sink.js';
