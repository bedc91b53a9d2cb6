import { readFile } from 'node:fs/promises';
import type { SandboxAuth } from '../../../sandbox/index.js';
import { ExitCode, UsageError } from '../../errors.js';
import type { CliIo } from '../command.js';
import { defineCommand } from '../command.js';
import { packageOptions } from '../common-options.js';

export const sandboxCommand = defineCommand({
  name: 'sandbox',
  summary: 'start the reference UK Core FHIR server, optionally with named defects',
  usage: '[options]',
  positionals: false,
  options: {
    port: { type: 'string', value: 'N', description: 'port on 127.0.0.1 (default: a free port, printed)' },
    defect: { type: 'string', multiple: true, value: 'A,B', description: 'switch on named defects (see --list-defects)' },
    auth: { type: 'boolean', description: 'require a bearer token from its token endpoint (client secret from $ASSAY_SANDBOX_CLIENT_SECRET, or --jwks)' },
    'client-id': { type: 'string', value: 'ID', description: 'the client id the token endpoint accepts with --auth (default: assay-sandbox)' },
    jwks: { type: 'string', value: 'FILE', description: 'with --auth: a JWKS of public keys for signed-JWT client assertions (RS512)' },
    'list-defects': { type: 'boolean', description: 'list the defects and the requirement each breaks' },
    'package-cache': packageOptions['package-cache'],
  },
  examples: ['assay sandbox --port 8080 --defect no-etag,ignores-if-match', 'assay sandbox --list-defects'],
  run: async ({ options }, io) => {
    const { defectCatalogue, loadSandboxContent, parseDefects, startSandbox, ukCorePackage } = await import('../../../sandbox/index.js');
    if (options['list-defects'] === true) {
      const width = Math.max(...defectCatalogue.map((d) => d.id.length));
      for (const d of defectCatalogue) io.stdout.write(`${d.id.padEnd(width)}  ${d.breaks[0]} ${d.breaks[1]}: ${d.description}\n`);
      return ExitCode.Ok;
    }
    const defects = parseDefects(options.defect ?? []);
    const port = parsePort(options.port);
    const auth = options.auth === true ? await authFrom(options['client-id'] ?? 'assay-sandbox', options.jwks, io) : undefined;
    if (options.auth !== true && (options.jwks !== undefined || options['client-id'] !== undefined)) {
      throw new UsageError('--jwks and --client-id only apply with --auth', { fix: 'add --auth' });
    }
    const { definitionsOptions, loadProfileSet } = await import('../../../profiles/index.js');
    const packages = definitionsOptions({ 'package-cache': options['package-cache'] }, io.env);
    // One load of UK Core (and R4 core through it) for the validator that answers invalid writes with 422.
    const profiles = await loadProfileSet({ ...packages, packages: [ukCorePackage] });
    const content = await loadSandboxContent({ cacheDir: packages.cacheDir });
    const sandbox = await startSandbox({
      content,
      profiles,
      ...(port === undefined ? {} : { port }),
      defects,
      ...(auth === undefined ? {} : { auth }),
      onInternalError: (error) => io.stderr.write(`assay sandbox: internal error (a bug in Assay): ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`),
    });
    io.stdout.write(`Assay sandbox: UK Core FHIR R4 at ${sandbox.baseUrl}\n`);
    io.stdout.write(`  defects: ${defects.size === 0 ? 'none (conformant)' : [...defects].join(', ')}\n`);
    if (auth !== undefined) {
      io.stdout.write(`  auth: bearer tokens from ${sandbox.tokenUrl ?? ''} for client ${auth.clients[0]?.clientId ?? ''}\n`);
    }
    io.stdout.write('  stop with Ctrl-C\n');
    await interrupted();
    await sandbox.close();
    io.stdout.write('Assay sandbox stopped\n');
    return ExitCode.Ok;
  },
});

function parsePort(text: string | undefined): number | undefined {
  if (text === undefined) return undefined;
  const port = Number(text);
  if (!/^\d{1,5}$/.test(text) || port > 65535) throw new UsageError(`--port ${text} is not a port number`, { fix: 'give 0 to 65535, or leave it out for a free port' });
  return port;
}

async function authFrom(clientId: string, jwksFile: string | undefined, io: CliIo): Promise<SandboxAuth> {
  const secret = io.env.ASSAY_SANDBOX_CLIENT_SECRET;
  const jwks = jwksFile === undefined ? undefined : await readJwks(jwksFile);
  if ((secret === undefined || secret === '') && jwks === undefined) {
    throw new UsageError('--auth needs a way for the client to authenticate', {
      fix: 'set ASSAY_SANDBOX_CLIENT_SECRET to a client secret, or give --jwks FILE with the client\'s public keys',
    });
  }
  return {
    clients: [{ clientId, ...(secret === undefined || secret === '' ? {} : { clientSecret: secret }), ...(jwks === undefined ? {} : { jwks }) }],
  };
}

async function readJwks(file: string): Promise<NonNullable<SandboxAuth['clients'][number]['jwks']>> {
  let parsed: unknown;
  try {
    parsed = JSON.parse(await readFile(file, 'utf8'));
  } catch (error) {
    throw new UsageError(`cannot read the JWKS ${file}: ${(error as Error).message}`, { fix: 'give a JSON Web Key Set file: {"keys": [...]}' });
  }
  if (typeof parsed !== 'object' || parsed === null || !Array.isArray((parsed as { keys?: unknown }).keys)) {
    throw new UsageError(`${file} is not a JSON Web Key Set`, { fix: 'it must be {"keys": [ ...public JWKs with kid... ]}' });
  }
  return parsed as NonNullable<SandboxAuth['clients'][number]['jwks']>;
}

/** Resolves on Ctrl-C (SIGINT) or SIGTERM, so the sandbox can close cleanly. */
function interrupted(): Promise<void> {
  return new Promise((resolve) => {
    const stop = () => {
      process.off('SIGINT', stop);
      process.off('SIGTERM', stop);
      resolve();
    };
    process.on('SIGINT', stop);
    process.on('SIGTERM', stop);
  });
}
