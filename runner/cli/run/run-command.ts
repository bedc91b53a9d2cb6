import { relative, resolve } from 'node:path';
import type { Reporter, RunEvent } from '../../../reports/model.js';
import { defaultReporters, reporterRegistry } from '../../../reports/reporter-registry.js';
import { reportFileName } from '../../../reports/run-report-writer.js';
import { findConfig, loadConfig, resolveTarget } from '../../config/index.js';
import type { RunConfig } from '../../config/index.js';
import { loadSuite } from '../../dsl/load.js';
import { errorCode, ExitCode, UsageError } from '../../errors.js';
import { EventChannel, executePlan } from '../../execute/index.js';
import { buildPlan, describePlan, pickSuites } from '../../plan/index.js';
import type { RunPlan } from '../../plan/index.js';
import type { CliIo } from '../command.js';
import { closest } from '../suggest.js';
import { interruptOnSigint } from './interrupt.js';
import { previousFailures } from './only-failed.js';
import { runnableSuites } from './suite-registry.js';

/** The flags of `assay run`, as parsed (see commands/run.ts). */
export interface RunFlags {
  readonly target?: string;
  readonly suite?: readonly string[];
  readonly test?: readonly string[];
  readonly tag?: readonly string[];
  readonly input?: readonly string[];
  readonly 'only-failed'?: string;
  readonly config?: string;
  readonly out?: string;
  readonly concurrency?: string;
  readonly 'rate-limit'?: string;
  readonly reporter?: readonly string[];
  readonly 'token-env'?: string;
  readonly 'dry-run'?: boolean;
  readonly package?: readonly string[];
  readonly 'package-cache'?: string;
  readonly registry?: string;
  readonly offline?: boolean;
  readonly 'compiled-cache'?: string;
}

export async function runCommandBody(flags: RunFlags, io: CliIo): Promise<ExitCode> {
  if (flags.target === undefined) {
    throw new UsageError('"assay run" needs --target NAME|URL', { fix: 'e.g. --target https://fhir.example.nhs.uk/R4, or a target from the config' });
  }
  const tokenEnv = flags['token-env'];
  if (tokenEnv !== undefined && (io.env[tokenEnv] ?? '').trim() === '') {
    throw new UsageError(`--token-env ${tokenEnv}: the environment variable ${tokenEnv} is not set`, {
      fix: `export ${tokenEnv}=<token> first`,
    });
  }
  const configFile = findConfig(io.cwd, flags.config);
  const loaded = configFile === undefined ? undefined : loadConfig(configFile, io.cwd);
  const target = resolveTarget(loaded, {
    target: flags.target,
    cwd: io.cwd,
    overrides: overrides(flags),
    ...(flags['token-env'] === undefined ? {} : { tokenEnv: flags['token-env'] }),
  });
  const failures = flags['only-failed'] === undefined ? undefined : await previousFailures(resolve(io.cwd, flags['only-failed']));
  if (failures !== undefined && failures.tests.size === 0) {
    io.stdout.write(`nothing failed in ${flags['only-failed']}: nothing to run again\n`);
    return ExitCode.Ok;
  }
  const suiteIds = flags.suite ?? (target.suites.length > 0 ? target.suites : (failures?.suites ?? []));
  if (suiteIds.length === 0) {
    throw new UsageError('"assay run" needs at least one --suite ID', { fix: '"assay suites" lists them' });
  }
  const registry = await runnableSuites(loaded, suiteIds, { flags, env: io.env });
  const suites = pickSuites(registry, suiteIds).map((suite) => loadSuite(suite));
  const plan = buildPlan({
    suites,
    target,
    filter: {
      ...(flags.test === undefined ? {} : { tests: flags.test }),
      ...(flags.tag === undefined ? {} : { tags: flags.tag }),
      ...(failures === undefined ? {} : { only: failures.tests }),
    },
    inputs: { cli: flags.input ?? [], env: io.env },
    packages: [...(loaded?.config.packages ?? []), ...(flags.package ?? [])],
  });
  if (flags['dry-run'] === true) {
    io.stdout.write(describePlan(plan));
    return ExitCode.Ok;
  }
  requireNoValidation(plan);
  const outDir = resolve(io.cwd, flags.out ?? 'assay-report');
  const reporters = pickReporters(flags.reporter ?? []).flatMap((name) => reporterRegistry[name]?.create({ outDir, stdout: io.stdout, env: io.env }) ?? []);

  // Reporters start with the run's first event: a run that cannot start (exit 2 or 3) writes nothing.
  const channel = new EventChannel();
  let folds: { reporter: Reporter; done: Promise<void> }[] | undefined;
  const emit = (event: RunEvent): void => {
    folds ??= reporters.map((reporter) => ({ reporter, done: reporter.fold(channel.subscribe()) }));
    channel.emit(event);
  };
  const interrupt = interruptOnSigint(io.stderr);
  let outcome;
  try {
    outcome = await executePlan({ plan, suites, emit, interrupt: interrupt.signal, env: io.env });
  } finally {
    interrupt.dispose();
    channel.close();
    // Reporters always finish, even when the run fails; their own failures are reported below.
    await Promise.allSettled((folds ?? []).map((fold) => fold.done));
  }
  await settleReporters(folds ?? [], outDir);
  io.stdout.write(`report: ${shown(io.cwd, resolve(outDir, reportFileName))}\n`);
  if (outcome.capabilities !== 'CapabilityStatement read') io.stdout.write(`note: ${outcome.capabilities}\n`);
  if (!outcome.complete) return ExitCode.Interrupted;
  return outcome.summary.shallFailures > 0 ? ExitCode.Failed : ExitCode.Ok;
}

function overrides(flags: RunFlags): RunConfig {
  const concurrency = flags.concurrency === undefined ? undefined : Number(flags.concurrency);
  if (concurrency !== undefined && !(Number.isInteger(concurrency) && concurrency >= 1 && concurrency <= 64)) {
    throw new UsageError(`--concurrency must be a whole number from 1 to 64 (got "${flags.concurrency}")`);
  }
  const rate = flags['rate-limit'] === undefined ? undefined : Number(flags['rate-limit']);
  if (rate !== undefined && !(Number.isFinite(rate) && rate >= 0)) {
    throw new UsageError(`--rate-limit must be a number of requests per second, 0 for none (got "${flags['rate-limit']}")`);
  }
  return { ...(concurrency === undefined ? {} : { concurrency }), ...(rate === undefined ? {} : { rateLimit: rate }) };
}

function pickReporters(extra: readonly string[]): string[] {
  const names = Object.keys(reporterRegistry);
  for (const name of extra) {
    if (reporterRegistry[name] === undefined) {
      const suggestion = closest(name, names);
      throw new UsageError(`unknown reporter "${name}"`, {
        fix: `${suggestion === undefined ? '' : `did you mean "${suggestion}"? `}reporters: ${names.join(', ')}`,
      });
    }
  }
  return [...new Set([...defaultReporters, ...extra])];
}

/**
 * The profiles engine does not yet export a ProfileSet loader, so a suite that validates cannot run
 * from the command line yet; the runner itself takes a ProfileSet (RunOptions.profiles).
 */
function requireNoValidation(plan: RunPlan): void {
  if (plan.packages.length === 0) return;
  throw new UsageError(
    `the selected suites validate against FHIR packages (${plan.packages.join(', ')}), and this build of Assay cannot load packages for validation yet`,
    { fix: 'run suites that do not validate, or use a build with the profiles engine' },
  );
}

async function settleReporters(folds: readonly { reporter: Reporter; done: Promise<void> }[], outDir: string): Promise<void> {
  const settled = await Promise.allSettled(folds.map((fold) => fold.done));
  for (const [index, result] of settled.entries()) {
    if (result.status === 'fulfilled') continue;
    const error: unknown = result.reason;
    const code = errorCode(error);
    if (code !== undefined && ['EACCES', 'EROFS', 'ENOTDIR', 'EISDIR', 'ENOSPC', 'EEXIST'].includes(code)) {
      throw new UsageError(`the ${folds[index]?.reporter.name} reporter cannot write into ${outDir} (${code})`, { fix: 'choose another --out folder' });
    }
    throw error;
  }
}

function shown(cwd: string, file: string): string {
  const path = relative(cwd, file);
  return path.startsWith('..') ? file : path;
}
