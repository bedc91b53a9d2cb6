import type { DetailedPeerCertificate, PeerCertificate } from 'node:tls';
import { TLSSocket } from 'node:tls';
import type { buildConnector } from 'undici';
import type { Exchange } from '../../reports/model.js';

export type TlsFacts = NonNullable<Exchange['tls']>;

/**
 * Wraps undici's connector to note, per origin, the TLS facts of the latest handshake: protocol, cipher
 * and the certificate chain the server presented. Requests to that origin carry them as evidence.
 */
export function recordingConnector(
  connect: buildConnector.connector,
  facts: Map<string, TlsFacts>,
): buildConnector.connector {
  return (options, callback) =>
    connect(options, (error, socket) => {
      if (error === null && socket instanceof TLSSocket) {
        facts.set(originKey(options.protocol, options.hostname, options.port), describe(socket));
      }
      if (error === null) callback(null, socket);
      else callback(error, null);
    });
}

/** The key facts are filed under: `https://host:port`, the port always written out. */
export function originKey(protocol: string, hostname: string, port: string): string {
  const defaultPort = protocol === 'https:' ? '443' : '80';
  return `${protocol}//${hostname}:${port === '' ? defaultPort : port}`;
}

/** The key of an origin string (`https://host` or `https://host:port`). */
export function originKeyOf(origin: string): string {
  const url = new URL(origin);
  return originKey(url.protocol, url.hostname, url.port);
}

/** Members in canonical (sorted) order, as the exchanges that carry them are written. */
function describe(socket: TLSSocket): TlsFacts {
  return {
    certificates: chain(socket.getPeerCertificate(true)),
    cipher: socket.getCipher().name,
    protocol: socket.getProtocol() ?? 'unknown',
  };
}

function chain(leaf: DetailedPeerCertificate): TlsFacts['certificates'] {
  const certificates: TlsFacts['certificates'][number][] = [];
  const seen = new Set<string>();
  // A self-signed root is its own issuer: stop where the chain loops.
  for (let cert: DetailedPeerCertificate | undefined = leaf; cert?.fingerprint256 !== undefined; cert = cert.issuerCertificate) {
    if (seen.has(cert.fingerprint256)) break;
    seen.add(cert.fingerprint256);
    certificates.push({
      issuer: distinguishedName(cert.issuer),
      sha256Fingerprint: cert.fingerprint256,
      subject: distinguishedName(cert.subject),
      validFrom: new Date(cert.valid_from).toISOString(),
      validTo: new Date(cert.valid_to).toISOString(),
    });
  }
  return certificates;
}

function distinguishedName(name: PeerCertificate['subject'] | undefined): string {
  if (name === undefined) return '';
  return Object.entries(name)
    .map(([key, value]) => `${key}=${Array.isArray(value) ? value.join('+') : String(value)}`)
    .join(', ');
}
