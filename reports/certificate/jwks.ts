import { UnreachableError, UsageError } from '../../runner/errors.js';
import { parseJsonFile, readUserFile } from '../user-file.js';

/** A JSON Web Key Set of the issuers' public keys (RFC 7517, section 5). */
export interface Jwks {
  readonly keys: readonly Readonly<Record<string, unknown>>[];
}

const maxJwksBytes = 1_000_000;
const fetchTimeoutMs = 10_000;

/** Reads the issuers' public keys from a file or an http(s) URL (a published jwks.json). */
export async function readJwks(location: string): Promise<Jwks> {
  const text = /^https?:\/\//i.test(location) ? await fetchJwks(location) : await readUserFile(location, 'JWKS', "pass the issuer's public key set with --jwks FILE|URL");
  return checkJwks(parseJsonFile(text, `JWKS ${location}`, 'pass the issuer.jwks.json written by "assay keys generate"'), location);
}

async function fetchJwks(url: string): Promise<string> {
  let response: Response;
  try {
    response = await fetch(url, { signal: AbortSignal.timeout(fetchTimeoutMs), redirect: 'error' });
  } catch (error) {
    const cause = error instanceof Error && error.cause instanceof Error ? error.cause.message : String(error);
    throw new UnreachableError(`cannot fetch JWKS ${url} (${cause})`, { fix: 'check the URL, or pass a local copy with --jwks FILE' });
  }
  if (response.status !== 200) {
    await response.body?.cancel();
    throw new UnreachableError(`cannot fetch JWKS ${url} (HTTP ${response.status})`, { fix: 'check the URL' });
  }
  const text = await response.text();
  if (text.length > maxJwksBytes) throw new UsageError(`JWKS ${url} is larger than ${maxJwksBytes} bytes`, { fix: 'check the URL' });
  return text;
}

/** A key set, or one public JWK (taken as a set of one); private key material is refused. */
function checkJwks(value: unknown, location: string): Jwks {
  const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
  const keys = isObject(value) && Array.isArray(value.keys) ? (value.keys as unknown[]) : isObject(value) && 'kty' in value ? [value] : undefined;
  if (keys === undefined || keys.length === 0 || !keys.every(isObject)) {
    throw new UsageError(`JWKS ${location} holds no keys (expected {"keys": [...]})`, {
      fix: 'pass the issuer.jwks.json written by "assay keys generate"',
    });
  }
  if (keys.some((key) => 'd' in key)) {
    throw new UsageError(`JWKS ${location} contains private key material ("d")`, {
      fix: 'publish and pass only public keys (issuer.jwks.json), and treat that private key as exposed',
    });
  }
  return { keys };
}
