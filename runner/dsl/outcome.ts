import type { Level, Outcome } from '../../reports/model.js';

/** Worst first: the order in which a group takes the result of its tests (DESIGN.md, example 3). */
const severity: readonly Outcome[] = ['error', 'fail', 'skip', 'pass', 'omit'];

/** The worse of outcomes; `omit` for none. */
export function worst(outcomes: Iterable<Outcome>): Outcome {
  let rank = severity.length - 1;
  for (const outcome of outcomes) rank = Math.min(rank, severity.indexOf(outcome));
  return severity[rank] ?? 'omit';
}

/**
 * A group's result: the worst result of its required (SHALL) tests; a group with no required test takes
 * the worst of all its tests, so an all-SHOULD group still shows its failures.
 */
export function rollUp(results: readonly { readonly level: Level; readonly outcome: Outcome }[]): Outcome {
  const required = results.filter((result) => result.level === 'SHALL');
  return worst((required.length > 0 ? required : results).map((result) => result.outcome));
}

const strength: readonly Level[] = ['SHALL', 'SHOULD', 'MAY'];

/** The strongest of levels (SHALL over SHOULD over MAY); MAY for none. */
export function strongest(levels: Iterable<Level>): Level {
  let rank = strength.length - 1;
  for (const level of levels) rank = Math.min(rank, strength.indexOf(level));
  return strength[rank] ?? 'MAY';
}
