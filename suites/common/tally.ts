/**
 * Soft checks that remember whether one failed, so a test that found nothing to exercise skips only when
 * nothing it did check failed: a recorded failure must never turn into a skip.
 */
export interface Tally {
  check(ok: boolean, message: string): boolean;
  readonly failed: boolean;
}

export function tally(ctx: { check(ok: boolean, message: string): boolean }): Tally {
  let failed = false;
  return {
    check(ok, message) {
      if (!ctx.check(ok, message)) failed = true;
      return ok;
    },
    get failed() {
      return failed;
    },
  };
}
