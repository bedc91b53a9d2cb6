// The validator: JSON resources against the base spec and profiles, findings as an OperationOutcome.
export type { Validator, ValidatorOptions } from './validator.js';
export { createValidator } from './validator.js';
export type { Finding, IssueType, Severity } from './issues.js';
export { terminologyModeExtension } from './issues.js';
