import { randomBytes } from 'node:crypto';
import { join, relative, resolve } from 'node:path';
import type { LoadedConfig } from '../../config/index.js';
import type { ExitCode } from '../../errors.js';
import type { CliIo } from '../command.js';
import type { RunFlags } from '../run/run-command.js';
import { runWithConfig } from '../run/run-command.js';
import { mintRefusalTokens } from './demo-tokens.js';

/** The national suites the demo runs; pds needs a PDS endpoint, which the sandbox is not. */
export const demoSuites = ['fhir-r4-rest', 'uk-core', 'nhs-api', 'security'] as const;

export interface DemoFlags {
  readonly out?: string;
  readonly defect?: string;
  readonly package?: readonly string[];
  readonly 'package-cache'?: string;
  readonly registry?: string;
  readonly offline?: boolean;
  readonly 'compiled-cache'?: string;
}

/**
 * The sandbox's client in the demo. Its secret is made up per run; it and the security suite's refusal
 * tokens reach the runner through the environment, so they are secrets the run redacts everywhere.
 */
const demoClientId = 'assay-demo';
const secretEnv = {
  clientSecret: 'ASSAY_DEMO_CLIENT_SECRET',
  expiredToken: 'ASSAY_DEMO_EXPIRED_TOKEN',
  wrongAudienceToken: 'ASSAY_DEMO_WRONG_AUDIENCE_TOKEN',
} as const;

/**
 * `assay demo`: starts the sandbox on a free loopback port (auth on, writable, with any defects asked
 * for), runs the national suites against it exactly as `assay run` would, writes the run report, the
 * HTML, JUnit and TestReport views and a certificate signed with a key made for this demo, prints where
 * everything is, and stops the sandbox. The demo's private key is never written: only its public JWKS,
 * so the certificate can be verified offline.
 */
export async function demoCommandBody(flags: DemoFlags, io: CliIo): Promise<ExitCode> {
  const outDir = resolve(io.cwd, flags.out ?? 'assay-demo');
  const sandboxModule = await import('../../../sandbox/index.js');
  const defects = sandboxModule.parseDefects(flags.defect === undefined ? [] : [flags.defect]);
  const { definitionsOptions, loadDefinitions, profileSetOf } = await import('../../../profiles/index.js');
  const packageOptions = definitionsOptions(flags, io.env);
  const packages = flags.package ?? [sandboxModule.ukCorePackage];

  io.stdout.write(`Assay demo: loading ${packages.join(', ')} and starting the sandbox...\n`);
  const [definitions, content] = await Promise.all([
    loadDefinitions({ ...packageOptions, packages }),
    sandboxModule.loadSandboxContent({ cacheDir: packageOptions.cacheDir }),
  ]);
  const clientSecret = randomBytes(24).toString('base64url');
  const internalErrors: unknown[] = [];
  let clockOffsetMs = 0;
  const sandbox = await sandboxModule.startSandbox({
    content,
    profiles: profileSetOf(definitions),
    defects,
    auth: { clients: [{ clientId: demoClientId, clientSecret }] },
    clock: () => new Date(Date.now() + clockOffsetMs),
    onInternalError: (error) => internalErrors.push(error),
  });
  io.stdout.write(`sandbox: ${sandbox.baseUrl} (defects: ${defects.size === 0 ? 'none, conformant' : [...defects].join(', ')})\n\n`);

  let done;
  try {
    const runFlags: RunFlags = {
      target: 'sandbox',
      suite: [...demoSuites],
      out: outDir,
      reporter: ['html', 'junit', 'testreport'],
      ...flags,
    };
    const tokenUrl = sandbox.tokenUrl ?? '';
    const refusalTokens = await mintRefusalTokens({
      tokenUrl,
      clientId: demoClientId,
      clientSecret,
      shiftClock: (offsetMs) => (clockOffsetMs = offsetMs),
    });
    const env = {
      ...io.env,
      [secretEnv.clientSecret]: clientSecret,
      [secretEnv.expiredToken]: refusalTokens.expiredToken,
      [secretEnv.wrongAudienceToken]: refusalTokens.wrongAudienceToken,
    };
    done = await runWithConfig(demoConfig(sandbox.baseUrl, tokenUrl), runFlags, { ...io, env }, definitions);
  } finally {
    await sandbox.close();
  }
  if (internalErrors.length > 0) {
    throw new Error(`the sandbox hit ${internalErrors.length} internal error(s) during the demo: ${String(internalErrors[0])}`);
  }
  if (done.summary === undefined) return done.exitCode;

  const certificate = await certifyDemo(outDir);
  const shown = (file: string): string => {
    const path = relative(io.cwd, file);
    return path.startsWith('..') ? file : path;
  };
  io.stdout.write(
    [
      '',
      `Demo certificate: level ${certificate.level} (${certificate.label}), verification code ${certificate.verificationCode}`,
      `Files in ${shown(outDir)}:`,
      `  report.json, evidence.ndjson   the canonical run report and every HTTP exchange behind it`,
      `  report.html                    open it in a browser: requirement -> test -> evidence`,
      `  junit.xml, testreport/         for CI systems and as FHIR TestReport resources`,
      `  certificate.jws, .html         the signed certificate and its printable page`,
      `  demo-issuer.jwks.json          the public key to verify it with`,
      `Verify it offline:`,
      `  assay verify ${shown(join(outDir, 'certificate.jws'))} --jwks ${shown(join(outDir, 'demo-issuer.jwks.json'))} --report ${shown(join(outDir, 'report.json'))}`,
      defects.size === 0 ? 'Try it with a defect: assay demo --defect no-etag,ignores-if-match' : '',
      '',
    ].join('\n'),
  );
  return done.exitCode;
}

/** The sandbox as a configured target: writable (it is in memory), auth by client credentials. */
function demoConfig(baseUrl: string, tokenUrl: string): LoadedConfig {
  return {
    file: 'the demo',
    config: {
      targets: {
        sandbox: {
          baseUrl,
          description: "Assay's reference UK Core sandbox",
          writable: true,
          auth: { type: 'client-credentials', tokenUrl, clientId: demoClientId, clientSecret: { env: secretEnv.clientSecret } },
          inputs: {
            'security.expiredToken': { env: secretEnv.expiredToken },
            'security.wrongAudienceToken': { env: secretEnv.wrongAudienceToken },
          },
          scope: { apiPacks: [] },
          // The sandbox runs in this process on loopback: no need to be polite to it.
          run: { concurrency: 8, rateLimit: 0 },
        },
      },
    },
    locate: (path) => `the demo config${path.length === 0 ? '' : ` at ${path.join('.')}`}`,
  };
}

/** Signs the demo's run report with a key made for this run, and writes only the public half. */
async function certifyDemo(outDir: string): Promise<{ level: number; label: string; verificationCode: string }> {
  const reports = await import('../../../reports/index.js');
  const report = await reports.readRunReport(join(outDir, reports.reportFileName));
  const key = await reports.generateSigningKey('EdDSA', 'assay-demo');
  const subject = { organisation: 'Assay demo', product: "Assay's reference UK Core sandbox", version: report.tool.version, endpoint: report.target.baseUrl };
  const issued = await reports.issueCertificate(report, await reports.signerFromJwk(key.privateJwk, 'the demo key'), subject, reports.systemClock, {
    method: 'independent',
    issuerName: 'Assay demo (a key made for this run; not a trusted issuer)',
    validDays: 30,
  });
  await reports.writeCertificateFiles(issued, join(outDir, 'certificate.jws'));
  await reports.writeFilesAtomically([{ path: join(outDir, 'demo-issuer.jwks.json'), data: `${JSON.stringify({ keys: [key.publicJwk] }, null, 2)}\n` }]);
  const { conformance } = issued.certificate;
  return { level: conformance.level, label: conformance.label, verificationCode: issued.verificationCode };
}
