import type { PackageReport } from '../../../profiles/package-inspection.js';
import type { ExitCode } from '../../errors.js';
import { UsageError } from '../../errors.js';
import type { CliIo } from '../command.js';
import { defineCommand } from '../command.js';
import { packageOptions } from '../common-options.js';

const { package: _package, ...sourceOptions } = packageOptions;

export const packagesCommand = defineCommand({
  name: 'packages',
  summary: 'list, inspect and install FHIR packages in the package cache',
  usage: 'list | install ID#VERSION|PATH... | info ID#VERSION|PATH... [options]',
  positionals: true,
  options: sourceOptions,
  examples: [
    'assay packages list',
    'assay packages install fhir.r4.ukcore.stu2#2.0.2',
    'assay packages install ./my-ig.tgz',
    'assay packages info hl7.fhir.r4.core#4.0.1 --offline',
  ],
  async run({ options, positionals }, io): Promise<ExitCode> {
    const [action, ...requests] = positionals;
    const { definitionsOptions } = await import('../../../profiles/package-options.js');
    const loadOptions = { ...definitionsOptions(options, io.env), packages: requests };
    switch (action) {
      case 'list': {
        if (requests.length > 0) throw new UsageError('"assay packages list" takes no package', { fix: 'run "assay packages info ID#VERSION" for one package' });
        const { cachedPackages } = await import('../../../profiles/package-inspection.js');
        const cached = await cachedPackages(loadOptions.cacheDir);
        const width = Math.max(0, ...cached.map((p) => p.ref.length));
        for (const p of cached) {
          io.stdout.write(`${p.ref.padEnd(width)}  FHIR ${p.fhirVersions.join(', ') || '?'}${p.canonical === undefined ? '' : `  ${p.canonical}`}\n`);
        }
        io.stdout.write(`${cached.length} package${cached.length === 1 ? '' : 's'} in ${loadOptions.cacheDir}\n`);
        return 0;
      }
      case 'install': {
        needRequests('install', requests);
        const { installPackages } = await import('../../../profiles/package-inspection.js');
        for (const { report, installed } of await installPackages(loadOptions)) {
          io.stdout.write(`${report.id}#${report.version}  ${installed ? 'installed' : 'in the cache'}  sha256 ${report.sha256}\n`);
        }
        io.stdout.write(`package cache: ${loadOptions.cacheDir}\n`);
        return 0;
      }
      case 'info': {
        needRequests('info', requests);
        const { inspectPackages } = await import('../../../profiles/package-inspection.js');
        const reports = await inspectPackages(loadOptions);
        for (const report of reports) writeReport(io, report);
        const broken = reports.flatMap((r) => r.brokenProfiles);
        const [first] = broken;
        if (first === undefined) return 0;
        throw new UsageError(`${first.message}${broken.length > 1 ? ` (and ${broken.length - 1} more)` : ''}`, first.fix === undefined ? {} : { fix: first.fix });
      }
      case undefined:
        throw new UsageError('"assay packages" needs an action: list, install or info', { fix: 'see "assay packages --help"' });
      default:
        throw new UsageError(`unknown action "${action}" for "assay packages"`, { fix: 'use list, install or info; see "assay packages --help"' });
    }
  },
});

function needRequests(action: string, requests: readonly string[]): void {
  if (requests.length === 0) {
    throw new UsageError(`"assay packages ${action}" needs at least one package`, { fix: `e.g. "assay packages ${action} fhir.r4.ukcore.stu2#2.0.2"` });
  }
}

function writeReport(io: CliIo, report: PackageReport): void {
  const lines = [
    `${report.id}#${report.version}`,
    `  sha256        ${report.sha256}`,
    `  source        ${report.source}`,
    `  canonical     ${report.canonical ?? '(none)'}`,
    `  FHIR          ${report.fhirVersions.join(', ') || '(not stated)'}`,
    `  depends on    ${report.dependencies.map((d) => `${d.id}#${d.version}`).join(', ') || '(nothing)'}`,
    `  resources     ${Object.entries(report.resources).map(([type, n]) => `${type} ${n}`).join(', ')}`,
    `  snapshots     ${report.brokenProfiles.length === 0 ? 'every StructureDefinition has one' : `${report.brokenProfiles.length} StructureDefinition(s) cannot get one`}`,
  ];
  io.stdout.write(`${lines.join('\n')}\n`);
}
