// Snapshot generation for differential-only StructureDefinitions (UK Core ships no snapshots).
export type { SnapshotSource } from './generate.js';
export { generateSnapshot } from './generate.js';
export { SnapshotError } from './snapshot-error.js';
