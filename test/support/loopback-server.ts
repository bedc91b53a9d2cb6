import { readFileSync } from 'node:fs';
import type { IncomingMessage, RequestListener, Server, ServerResponse } from 'node:http';
import { createServer } from 'node:http';
import { createServer as createHttpsServer } from 'node:https';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { repoRoot } from './paths.js';

export interface Loopback {
  /** `http://127.0.0.1:<port>` (or https), no trailing slash. */
  readonly origin: string;
  readonly server: Server;
  close(): Promise<void>;
}

export type Handler = (request: IncomingMessage, response: ServerResponse) => void;

/** Test-only TLS material in test/fixtures/tls (a CA, a localhost server certificate, a client certificate). */
export function tlsFixture(name: 'ca.pem' | 'server.pem' | 'server-key.pem' | 'client.pem' | 'client-key.pem' | 'jwt-key.pem'): string {
  return readFileSync(join(repoRoot, 'test', 'fixtures', 'tls', name), 'utf8');
}

/**
 * A purpose-built server on 127.0.0.1 and a free port. `close` also cuts connections a hostile handler
 * left open, so a test never hangs on its own server.
 */
export async function startLoopback(
  handler: Handler,
  options: { https?: boolean; requestClientCert?: boolean } = {},
): Promise<Loopback> {
  const listener: RequestListener = (request, response) => handler(request, response);
  const server: Server =
    options.https === true
      ? createHttpsServer(
          {
            cert: tlsFixture('server.pem'),
            key: tlsFixture('server-key.pem'),
            ca: tlsFixture('ca.pem'),
            requestCert: options.requestClientCert === true,
            rejectUnauthorized: options.requestClientCert === true,
          },
          listener,
        )
      : createServer(listener);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    origin: `${options.https === true ? 'https' : 'http'}://127.0.0.1:${port}`,
    server,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** Reads a request body as text. */
export async function bodyOf(request: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of request) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}
