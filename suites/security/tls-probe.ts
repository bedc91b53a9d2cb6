import type { PeerCertificate, SecureVersion } from 'node:tls';
import { connect } from 'node:tls';

/**
 * One bounded TLS handshake with the target, outside HTTP: what protocol it agrees to, and the
 * certificate it presents. Used to offer only old protocol versions (which the HTTP transport never
 * does) and to read the certificate's dates. Certificate trust is not judged here (the run's transport
 * does that); the handshake accepts any certificate so a refused protocol is told apart from a bad one.
 */

export type ProbeResult =
  | { readonly kind: 'accepted'; readonly protocol: string; readonly cipher: string; readonly certificate: PeerCertificate }
  | { readonly kind: 'refused'; readonly code: string }
  /** This client cannot offer the versions asked for (a local OpenSSL limit), so nothing was learnt. */
  | { readonly kind: 'unsupported-here'; readonly code: string }
  | { readonly kind: 'unreachable'; readonly code: string };

export interface ProbeOptions {
  readonly minVersion?: SecureVersion;
  readonly maxVersion?: SecureVersion;
  readonly timeoutMs: number;
  readonly signal: AbortSignal;
}

// Errors raised before anything reached the server: this OpenSSL will not offer the versions asked.
const localCodes = new Set(['ERR_SSL_NO_PROTOCOLS_AVAILABLE', 'ERR_TLS_INVALID_PROTOCOL_VERSION', 'ERR_TLS_PROTOCOL_VERSION_CONFLICT']);
// Errors that mean the server could not be reached at all.
const networkCodes = new Set(['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN', 'EHOSTUNREACH', 'ENETUNREACH', 'ETIMEDOUT', 'ABORT_ERR']);

export function probeTls(url: URL, options: ProbeOptions): Promise<ProbeResult> {
  const host = url.hostname.replace(/^\[|\]$/g, '');
  const port = Number(url.port === '' ? 443 : url.port);
  const legacy = options.minVersion === 'TLSv1' || options.minVersion === 'TLSv1.1';
  return new Promise((resolve) => {
    const socket = connect({
      host,
      port,
      ...(/^[\d.:]+$/.test(host) ? {} : { servername: host }),
      rejectUnauthorized: false,
      ...(options.minVersion === undefined ? {} : { minVersion: options.minVersion }),
      ...(options.maxVersion === undefined ? {} : { maxVersion: options.maxVersion }),
      // OpenSSL 3 refuses TLS 1.0/1.1 at its default security level; level 0 lets the probe offer them.
      ...(legacy ? { ciphers: 'DEFAULT:@SECLEVEL=0' } : {}),
    });
    const abort = (): void => finish({ kind: 'unreachable', code: 'ABORT_ERR' });
    const finish = (result: ProbeResult): void => {
      clearTimeout(timer);
      options.signal.removeEventListener('abort', abort);
      socket.destroy();
      resolve(result);
    };
    const timer = setTimeout(() => finish({ kind: 'unreachable', code: 'ETIMEDOUT' }), options.timeoutMs);
    options.signal.addEventListener('abort', abort, { once: true });
    socket.once('secureConnect', () => {
      finish({
        kind: 'accepted',
        protocol: socket.getProtocol() ?? 'unknown',
        cipher: socket.getCipher().name,
        certificate: socket.getPeerCertificate(),
      });
    });
    socket.once('error', (error: NodeJS.ErrnoException) => {
      const code = error.code ?? error.name;
      if (localCodes.has(code)) finish({ kind: 'unsupported-here', code });
      else if (networkCodes.has(code)) finish({ kind: 'unreachable', code });
      else finish({ kind: 'refused', code });
    });
    socket.once('close', () => finish({ kind: 'refused', code: 'closed' }));
  });
}
