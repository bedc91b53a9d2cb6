import type { PlannedInput } from './inputs.js';
import type { RunPlan } from './plan.js';

/** `assay run --dry-run`: what would run, in order, against what, and what is already known to be omitted. */
export function describePlan(plan: RunPlan): string {
  const { target } = plan;
  const settings = target.settings;
  const omitted = plan.tests.filter((test) => test.omit !== undefined).length;
  const lines = [
    `Plan: ${plan.tests.length} test${plan.tests.length === 1 ? '' : 's'} (${omitted} omitted by the declared scope) against ${target.name} (${target.baseUrl})`,
    `auth ${target.auth.type}; ${settings.concurrency} at a time; ${settings.rateLimit === 0 ? 'no rate limit' : `at most ${settings.rateLimit} requests/s`}; ` +
      `timeouts ${settings.timeouts.requestSeconds} s a request, ${settings.timeouts.testSeconds} s a test; responses up to ${settings.maxResponseBytes} bytes`,
  ];
  if (plan.packages.length > 0) lines.push(`FHIR packages for validation: ${plan.packages.join(', ')}`);
  const idWidth = Math.max(...plan.tests.map((test) => test.id.length));
  for (const suite of plan.suites) {
    lines.push('', `${suite.id} ${suite.version}: ${suite.title}`);
    const inputs = Object.entries(suite.inputs);
    if (inputs.length > 0) lines.push(`  inputs: ${inputs.map(([key, value]) => `${key}=${showInput(value)}`).join(', ')}`);
    for (const test of plan.tests.filter((candidate) => candidate.suite === suite.id)) {
      const notes = [
        test.dependsOn.length === 0 ? undefined : `after ${test.dependsOn.join(', ')}`,
        test.asDependency === true ? 'selected as a prerequisite' : undefined,
        test.omit === undefined ? undefined : `omit: ${test.omit}`,
      ].filter((note) => note !== undefined);
      lines.push(`  ${test.id.padEnd(idWidth)}  ${test.level.padEnd(6)}  ${test.title}${notes.length === 0 ? '' : ` (${notes.join('; ')})`}`);
    }
  }
  lines.push(
    '',
    'Nothing was sent. When the run starts, the target\'s CapabilityStatement is read and may omit more tests.',
  );
  return `${lines.join('\n')}\n`;
}

function showInput(value: PlannedInput): string {
  if (typeof value !== 'object') return String(value);
  if ('env' in value) return `$${value.env}`;
  if ('file' in value) return `<file ${value.file}>`;
  return value.join(',');
}
