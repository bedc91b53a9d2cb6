import type { Certificate } from './certificate/certificate.js';
import type { Level, RunReport, RunSummary } from './model.js';
import type { RequirementOutcome } from './requirement-outcomes.js';
import { isFailure, requirementResults } from './requirement-outcomes.js';
import type { CapabilityLevel } from './scoring/capability-levels.js';
import { conformanceOf } from './scoring/conformance.js';

/** What a diff compares: requirement outcomes, the level and the summary of one run. */
export interface OutcomeSnapshot {
  readonly name: string;
  readonly level: CapabilityLevel;
  readonly summary: RunSummary;
  readonly requirements: readonly { readonly id: string; readonly suite: string; readonly level: Level; readonly outcome: RequirementOutcome }[];
}

export function snapshotOfReport(report: RunReport, name: string): OutcomeSnapshot {
  return { name, level: conformanceOf(report).level, summary: report.summary, requirements: requirementResults(report) };
}

export function snapshotOfCertificate(certificate: Certificate, name: string): OutcomeSnapshot {
  return { name, level: certificate.conformance.level, summary: certificate.results, requirements: certificate.scope.requirements };
}

export interface RequirementChange {
  readonly id: string;
  readonly suite: string;
  readonly level: Level;
  readonly before: RequirementOutcome | 'absent';
  readonly after: RequirementOutcome | 'absent';
}

export interface OutcomeDiff {
  readonly before: Omit<OutcomeSnapshot, 'requirements'>;
  readonly after: Omit<OutcomeSnapshot, 'requirements'>;
  /** Did not fail before, fails (or errors) now. */
  readonly regressions: readonly RequirementChange[];
  /** Failed before, passes now. */
  readonly fixes: readonly RequirementChange[];
  /** Any other change of outcome, e.g. pass to skip (no longer demonstrated). */
  readonly changes: readonly RequirementChange[];
  readonly added: readonly RequirementChange[];
  readonly removed: readonly RequirementChange[];
}

/** Regressions and fixes by requirement between two runs of the same suites. */
export function diffOutcomes(before: OutcomeSnapshot, after: OutcomeSnapshot): OutcomeDiff {
  const key = (r: { suite: string; id: string }) => `${r.suite}\u0000${r.id}`;
  const old = new Map(before.requirements.map((r) => [key(r), r]));
  const now = new Map(after.requirements.map((r) => [key(r), r]));
  const result = { regressions: [] as RequirementChange[], fixes: [] as RequirementChange[], changes: [] as RequirementChange[], added: [] as RequirementChange[] };
  for (const r of after.requirements) {
    const previous = old.get(key(r));
    const change = { id: r.id, suite: r.suite, level: r.level, before: previous?.outcome ?? 'absent', after: r.outcome } as const;
    if (previous === undefined) result.added.push(change);
    else if (previous.outcome === r.outcome) continue;
    else if (isFailure(r.outcome) && !isFailure(previous.outcome)) result.regressions.push(change);
    else if (isFailure(previous.outcome) && r.outcome === 'pass') result.fixes.push(change);
    else result.changes.push(change);
  }
  const removed = before.requirements
    .filter((r) => !now.has(key(r)))
    .map((r) => ({ id: r.id, suite: r.suite, level: r.level, before: r.outcome, after: 'absent' as const }));
  const { requirements: _b, ...beforeHead } = before;
  const { requirements: _a, ...afterHead } = after;
  return { before: beforeHead, after: afterHead, ...result, removed };
}

/** A SHALL requirement that regressed: what makes `assay diff` exit 1. */
export function hasShallRegression(diff: OutcomeDiff): boolean {
  return diff.regressions.some((r) => r.level === 'SHALL');
}

export function diffText(diff: OutcomeDiff): string {
  const summary = (s: RunSummary) => `${s.total} tests: ${s.pass} pass, ${s.fail} fail, ${s.error} error, ${s.skip} skip, ${s.omit} omit`;
  const section = (title: string, changes: readonly RequirementChange[]) =>
    changes.length === 0 ? [] : [`${title} (${changes.length}):`, ...changes.map((c) => `  ${c.id}  ${c.suite}  ${c.level}  ${c.before} -> ${c.after}`)];
  return [
    `diff ${diff.before.name} -> ${diff.after.name}`,
    `  level ${diff.before.level} -> ${diff.after.level}`,
    `  ${summary(diff.before.summary)}`,
    `  ${summary(diff.after.summary)}`,
    ...section('Regressions', diff.regressions),
    ...section('Fixes', diff.fixes),
    ...section('Other changes', diff.changes),
    ...section('Added requirements', diff.added),
    ...section('Removed requirements', diff.removed),
    ...(diff.regressions.length + diff.fixes.length + diff.changes.length + diff.added.length + diff.removed.length === 0
      ? ['No change in any requirement outcome.']
      : []),
    '',
  ].join('\n');
}
