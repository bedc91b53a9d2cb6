// Gate policies: what a certificate must show to pass a procurement gate.
export type { GateCheck, GateVerdict } from './gate.js';
export { evaluateGate } from './gate.js';
export type { GatePolicy } from './policy.js';
export { parseGatePolicy, readGatePolicy } from './policy.js';
