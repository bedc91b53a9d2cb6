import { resolve } from 'node:path';
import { ExitCode, UsageError } from '../../errors.js';
import { defineCommand } from '../command.js';

export const diffCommand = defineCommand({
  name: 'diff',
  summary: 'list regressions and fixes by requirement between two reports or certificates',
  usage: 'OLD NEW [options]',
  positionals: true,
  options: {
    format: { type: 'string', value: 'text|json', description: 'text (default) or json; exit 1 when a SHALL requirement regressed' },
  },
  examples: ['assay diff last-month/report.json assay-report/report.json', 'assay diff old/certificate.jws new/certificate.jws --format json'],
  async run({ options, positionals }, io) {
    if (positionals.length !== 2) {
      throw new UsageError(`"assay diff" takes two run reports or certificates, OLD and NEW (got ${positionals.length})`, {
        fix: 'e.g. "assay diff old/report.json new/report.json"',
      });
    }
    const format = options.format ?? 'text';
    if (format !== 'text' && format !== 'json') throw new UsageError(`--format ${format} is not known`, { fix: 'use text or json' });
    const reports = await import('../../../reports/index.js');

    const snapshot = async (name: string) => {
      const file = resolve(io.cwd, name);
      const text = await reports.readUserFile(file, 'run report or certificate', 'pass two run reports (report.json) or certificates (.jws)');
      return text.trimStart().startsWith('{')
        ? { certificate: false, snapshot: reports.snapshotOfReport(reports.parseRunReport(text, file), name) }
        : { certificate: true, snapshot: reports.snapshotOfCertificate(reports.decodeCertificate(text.trim(), file), name) };
    };
    const [before, after] = [await snapshot(positionals[0] ?? ''), await snapshot(positionals[1] ?? '')];
    const diff = reports.diffOutcomes(before.snapshot, after.snapshot);
    if (format === 'json') {
      io.stdout.write(`${JSON.stringify(diff, null, 2)}\n`);
    } else {
      io.stdout.write(reports.diffText(diff));
      if (before.certificate || after.certificate) {
        io.stdout.write('Certificates are compared as written; "assay verify" checks their signatures.\n');
      }
    }
    return reports.hasShallRegression(diff) ? ExitCode.Failed : ExitCode.Ok;
  },
});
