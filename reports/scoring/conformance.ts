import type { PackageInfo, RunReport } from '../model.js';
import type { RequirementOutcome } from '../requirement-outcomes.js';
import { isFailure, requirementResults } from '../requirement-outcomes.js';
import type { CapabilityElement, CapabilityLabel, CapabilityLevel, ElementEvidence } from './capability-levels.js';
import { capabilityElements, dtacQuestions, labelOf } from './capability-levels.js';

export interface ElementResult {
  readonly id: string;
  readonly level: CapabilityLevel;
  readonly title: string;
  readonly met: boolean;
  /** Why it is met or not, naming the requirements that decided it. */
  readonly reason: string;
}

export interface DtacEvidence {
  readonly id: 'C4.1' | 'C4.2' | 'C4.3';
  readonly question: string;
  readonly evidenced: boolean;
  /** The capability elements that evidence the answer, met or not. */
  readonly elements: readonly string[];
}

export interface Conformance {
  readonly level: CapabilityLevel;
  readonly label: CapabilityLabel;
  readonly elements: readonly ElementResult[];
  readonly dtac: readonly DtacEvidence[];
}

export interface ConformanceOptions {
  /** The newest release of each package as the issuer knows it; level 5 needs every one of them loaded. */
  readonly latestPackages?: readonly Pick<PackageInfo, 'id' | 'version'>[];
}

/** The capability level a run report demonstrates: every element of a level and the levels below. */
export function conformanceOf(report: RunReport, options: ConformanceOptions = {}): Conformance {
  const context = { report, latestPackages: options.latestPackages, requirements: requirementsWithSource(report) };
  const elements = capabilityElements.map((element) => evaluate(element, context));
  let level: CapabilityLevel = 1;
  for (const next of [2, 3, 4, 5] as const) {
    if (!elements.filter((element) => element.level === next).every((element) => element.met)) break;
    level = next;
  }
  const met = new Set(elements.filter((element) => element.met).map((element) => element.id));
  const dtac = dtacQuestions.map((question) => ({
    id: question.id,
    question: question.question,
    evidenced: question.elements.every((id) => met.has(id)),
    elements: question.elements,
  }));
  return { level, label: labelOf(level), elements, dtac };
}

interface SourcedRequirement {
  readonly id: string;
  readonly suite: string;
  readonly level: string;
  readonly source: string;
  readonly text: string;
  readonly outcome: RequirementOutcome;
}

interface Context {
  readonly report: RunReport;
  readonly latestPackages: ConformanceOptions['latestPackages'];
  readonly requirements: readonly SourcedRequirement[];
}

function requirementsWithSource(report: RunReport): SourcedRequirement[] {
  const declared = new Map(report.suites.flatMap((suite) => suite.requirements.map((r) => [`${suite.id}\u0000${r.id}`, r])));
  return requirementResults(report).map((result) => {
    const requirement = declared.get(`${result.suite}\u0000${result.id}`);
    return { ...result, source: requirement?.source ?? '', text: requirement?.text ?? '' };
  });
}

function evaluate(element: CapabilityElement, context: Context): ElementResult {
  const { met, reason } = judge(element.evidence, context);
  return { id: element.id, level: element.level, title: element.title, met, reason };
}

function judge(evidence: ElementEvidence, context: Context): { met: boolean; reason: string } {
  switch (evidence.kind) {
    case 'terminology-server':
      return judgeTerminology(context.report.validator.terminology);
    case 'newest-packages':
      return judgeNewestPackages(context.report.packages, context.latestPackages);
    case 'requirements':
      return judgeRequirements(evidence, context);
  }
}

function judgeRequirements(evidence: Extract<ElementEvidence, { kind: 'requirements' }>, context: Context) {
  const suites = context.report.suites.map((suite) => suite.id).filter((id) => evidence.suites.some((pattern) => matches(pattern, id)));
  if (suites.length === 0) return { met: false, reason: `no ${evidence.suites.join(' or ')} suite was run` };
  const selected = context.requirements.filter(
    (r) => suites.includes(r.suite) && (evidence.source === undefined || evidence.source.test(r.source)) && (evidence.text === undefined || evidence.text.test(r.text)),
  );
  if (selected.length === 0) {
    return { met: false, reason: `no requirement of ${suites.join(', ')} cites ${evidence.cites ?? 'this element'}` };
  }
  const failed = selected.filter((r) => r.level === 'SHALL' && isFailure(r.outcome));
  if (failed.length > 0) return { met: false, reason: `SHALL requirements failed: ${listIds(failed)}` };
  const passed = selected.filter((r) => r.outcome === 'pass');
  if (passed.length === 0) {
    return { met: false, reason: `not demonstrated: none of ${selected.length} requirements passed (skipped, omitted or untested)` };
  }
  return { met: true, reason: `${passed.length} of ${selected.length} requirements passed, no SHALL failure (${suites.join(', ')})` };
}

function judgeTerminology(terminology: string) {
  // The runner writes `local` or `remote <server URL>`.
  const server = /^remote\b|server|https?:\/\//i.test(terminology);
  return server
    ? { met: true, reason: `terminology checked by ${terminology}` }
    : { met: false, reason: `terminology mode "${terminology}" is not a terminology server` };
}

function judgeNewestPackages(loaded: readonly PackageInfo[], latest: ConformanceOptions['latestPackages']) {
  if (latest === undefined || latest.length === 0) {
    return { met: false, reason: 'the newest package releases were not stated by the issuer' };
  }
  const behind = latest.flatMap((newest) => {
    const found = loaded.find((p) => p.id === newest.id);
    if (found === undefined) return [`${newest.id} was not loaded`];
    return found.version === newest.version ? [] : [`${newest.id} is ${found.version}, newest is ${newest.version}`];
  });
  return behind.length === 0
    ? { met: true, reason: `run against the newest releases: ${latest.map((p) => `${p.id}#${p.version}`).join(', ')}` }
    : { met: false, reason: behind.join('; ') };
}

/** A suite pattern: an exact id, or a prefix ending in `*`. */
function matches(pattern: string, id: string): boolean {
  return pattern.endsWith('*') ? id.startsWith(pattern.slice(0, -1)) : pattern === id;
}

function listIds(requirements: readonly { id: string }[]): string {
  const shown = requirements.slice(0, 5).map((r) => r.id).join(', ');
  return requirements.length > 5 ? `${shown} and ${requirements.length - 5} more` : shown;
}
