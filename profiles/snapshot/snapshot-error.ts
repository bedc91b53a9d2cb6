import { UsageError } from '../../runner/errors.js';

/** A StructureDefinition whose snapshot cannot be generated: names the profile, the element and the fix (exit 2). */
export class SnapshotError extends UsageError {
  constructor(
    readonly url: string,
    readonly problem: string,
    fix: string,
  ) {
    super(`StructureDefinition ${url}: ${problem}`, { fix });
    this.name = 'SnapshotError';
  }
}

export const fixDifferential = 'correct its differential (element paths and ids must follow its base StructureDefinition)';
