/**
 * What a test throws to end itself with a verdict other than `pass`. The runner catches these (and
 * anything else, as `error`) in exactly one place; nothing in a test catches and logs.
 */

/** A check did not hold: the test fails with this message. */
export class CheckFailure extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'CheckFailure';
  }
}

/** A prerequisite is missing (an input, an earlier test's output, test data): the test is skipped. */
export class SkipSignal extends Error {
  constructor(reason: string) {
    super(reason);
    this.name = 'SkipSignal';
  }
}

/** The test does not apply to this target (not claimed, not in scope, not writable): it is omitted. */
export class OmitSignal extends Error {
  constructor(reason: string) {
    super(reason);
    this.name = 'OmitSignal';
  }
}
