import { access } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { ExitCode, UsageError } from '../../errors.js';
import { defineCommand } from '../command.js';

const algorithms = { Ed25519: 'EdDSA', ES256: 'ES256' } as const;

export const keysCommand = defineCommand({
  name: 'keys',
  summary: 'generate a certificate signing key pair',
  usage: 'generate [options]',
  positionals: true,
  options: {
    out: { type: 'string', value: 'DIR', description: 'where to write the private JWK and the public JWKS (default: ./keys)' },
    kid: { type: 'string', value: 'ID', description: 'the key id carried by certificates (default: the key thumbprint, RFC 7638)' },
    alg: { type: 'string', value: 'Ed25519|ES256', description: 'the signing algorithm (default: Ed25519)' },
  },
  examples: ['assay keys generate --out keys', 'assay keys generate --out keys --alg ES256 --kid acme-2025'],
  async run({ options, positionals }, io) {
    if (positionals.length !== 1 || positionals[0] !== 'generate') {
      throw new UsageError(`"assay keys" takes one action, "generate" (got ${positionals.length === 0 ? 'none' : JSON.stringify(positionals.join(' '))})`, {
        fix: 'run "assay keys generate --out keys"',
      });
    }
    const algName = options.alg ?? 'Ed25519';
    if (!(algName in algorithms)) {
      throw new UsageError(`--alg ${algName} is not supported`, { fix: 'use Ed25519 (default) or ES256' });
    }
    const dir = resolve(io.cwd, options.out ?? 'keys');
    const privateFile = join(dir, 'issuer.private.jwk');
    const publicFile = join(dir, 'issuer.jwks.json');
    for (const file of [privateFile, publicFile]) {
      if (await exists(file)) {
        throw new UsageError(`${file} already exists; a signing key is never overwritten`, { fix: 'choose another --out DIR' });
      }
    }
    const { generateSigningKey, writeFilesAtomically } = await import('../../../reports/index.js');
    const { privateJwk, publicJwk } = await generateSigningKey(algorithms[algName as keyof typeof algorithms], options.kid);
    await writeFilesAtomically([
      { path: privateFile, data: `${JSON.stringify(privateJwk, null, 2)}\n`, mode: 0o600 },
      { path: publicFile, data: `${JSON.stringify({ keys: [publicJwk] }, null, 2)}\n` },
    ]);
    io.stdout.write(
      `key id ${publicJwk.kid} (${algName})\n` +
        `  private key: ${privateFile} (keep it secret; readable by you only)\n` +
        `  public keys: ${publicFile} (publish it; verifiers pass it to --jwks)\n`,
    );
    return ExitCode.Ok;
  },
});

async function exists(file: string): Promise<boolean> {
  return access(file).then(
    () => true,
    () => false,
  );
}
