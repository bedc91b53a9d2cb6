import { relative, resolve } from 'node:path';
import type { Definitions } from '../../../profiles/index.js';
import type { Reporter, RunEvent, RunSummary } from '../../../reports/model.js';
import { checkWritableFolder } from '../../../reports/atomic-files.js';
import { defaultReporters, reporterRegistry } from '../../../reports/reporter-registry.js';
import { reportFileName } from '../../../reports/run-report-writer.js';
import { findConfig, loadConfig, resolveTarget } from '../../config/index.js';
import type { LoadedConfig, RunConfig } from '../../config/index.js';
import { loadSuite } from '../../dsl/load.js';
import { errorCode, ExitCode, UsageError } from '../../errors.js';
import { EventChannel, executePlan } from '../../execute/index.js';
import { buildPlan, describePlan, pickSuites } from '../../plan/index.js';
import type { CliIo } from '../command.js';
import { closest } from '../suggest.js';
import { certificateRequest, certifyRun } from './certify-run.js';
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
  readonly 'terminology-server'?: string;
  readonly certify?: string;
  readonly organisation?: string;
  readonly product?: string;
  readonly 'product-version'?: string;
}

export async function runCommandBody(flags: RunFlags, io: CliIo): Promise<ExitCode> {
  const configFile = findConfig(io.cwd, flags.config);
  const loaded = configFile === undefined ? undefined : loadConfig(configFile, io.cwd);
  return (await runWithConfig(loaded, flags, io)).exitCode;
}

/** What a run left behind, for callers that go on from it (assay demo). */
export interface RunDone {
  readonly exitCode: ExitCode;
  /** The folder holding report.json, when the run started. */
  readonly outDir: string;
  readonly summary: RunSummary | undefined;
}

/**
 * `assay run` with the config already loaded (from a file, or built in memory by `assay demo`).
 * `preloaded` Definitions are used instead of loading packages again when they hold what the run needs.
 */
export async function runWithConfig(
  loaded: LoadedConfig | undefined,
  flags: RunFlags,
  io: CliIo,
  preloaded?: Definitions,
): Promise<RunDone> {
  if (flags.target === undefined) {
    throw new UsageError('"assay run" needs --target NAME|URL', { fix: 'e.g. --target https://fhir.example.nhs.uk/R4, or a target from the config' });
  }
  const tokenEnv = flags['token-env'];
  if (tokenEnv !== undefined && (io.env[tokenEnv] ?? '').trim() === '') {
    throw new UsageError(`--token-env ${tokenEnv}: the environment variable ${tokenEnv} is not set`, {
      fix: `export ${tokenEnv}=<token> first`,
    });
  }
  const certify = await certificateRequest(flags, io.cwd);
  const target = resolveTarget(loaded, {
    target: flags.target,
    cwd: io.cwd,
    overrides: overrides(flags),
    ...(flags['token-env'] === undefined ? {} : { tokenEnv: flags['token-env'] }),
  });
  const failures = flags['only-failed'] === undefined ? undefined : await previousFailures(resolve(io.cwd, flags['only-failed']));
  if (failures !== undefined && failures.tests.size === 0) {
    io.stdout.write(`nothing failed in ${flags['only-failed']}: nothing to run again\n`);
    return { exitCode: ExitCode.Ok, outDir: resolve(io.cwd, flags.out ?? 'assay-report'), summary: undefined };
  }
  const suiteIds = flags.suite ?? (target.suites.length > 0 ? target.suites : (failures?.suites ?? []));
  if (suiteIds.length === 0) {
    throw new UsageError('"assay run" needs at least one --suite ID', { fix: '"assay suites" lists them' });
  }
  const runnable = await runnableSuites(loaded, suiteIds, { flags, env: io.env }, preloaded);
  const suites = pickSuites(runnable.suites, suiteIds).map((suite) => loadSuite(suite));
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
  const outDir = resolve(io.cwd, flags.out ?? 'assay-report');
  if (flags['dry-run'] === true) {
    io.stdout.write(describePlan(plan));
    return { exitCode: ExitCode.Ok, outDir, summary: undefined };
  }
  await checkWritableFolder(outDir, '--out');
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
    outcome = await executePlan({ plan, suites, emit, interrupt: interrupt.signal, env: io.env, ...(runnable.profiles === undefined ? {} : { profiles: runnable.profiles }) });
  } finally {
    interrupt.dispose();
    channel.close();
    // Reporters always finish, even when the run fails; their own failures are reported below.
    await Promise.allSettled((folds ?? []).map((fold) => fold.done));
  }
  await settleReporters(folds ?? [], outDir);
  io.stdout.write(`report: ${shown(io.cwd, resolve(outDir, reportFileName))}\n`);
  if (outcome.capabilities !== 'CapabilityStatement read') io.stdout.write(`note: ${outcome.capabilities}\n`);
  if (!outcome.complete) return { exitCode: ExitCode.Interrupted, outDir, summary: outcome.summary };
  if (certify !== undefined) await certifyRun(certify, outDir, io);
  return { exitCode: outcome.summary.shallFailures > 0 ? ExitCode.Failed : ExitCode.Ok, outDir, summary: outcome.summary };
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
