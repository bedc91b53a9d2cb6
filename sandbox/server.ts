import { randomUUID } from 'node:crypto';
import type { CapabilityStatement } from 'fhir/r4.js';
import { capabilityStatement } from './capability-statement.js';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { createServer } from 'node:http';
import type { Duplex } from 'node:stream';
import type { ProfileSet } from '../profiles/index.js';
import { UsageError } from '../runner/errors.js';
import { assayVersion } from '../runner/package-root.js';
import type { SandboxAuth } from './auth/tokens.js';
import { TokenIssuer } from './auth/tokens.js';
import type { SandboxContent } from './content.js';
import type { SandboxContext } from './context.js';
import type { DefectId } from './defects.js';
import { readBody } from './http/body.js';
import { respondFhir } from './http/pipeline.js';
import { send } from './http/send.js';
import { store } from './interactions/write.js';
import { nhsErrorCodes } from './nhs-error-codes.js';
import { errorOutcome, FhirError } from './outcome.js';
import { presenter } from './presentation.js';
import { ResourceStore } from './store.js';

export interface SandboxLimits {
  /** Largest request body accepted (413 above it); default 10 MiB. */
  readonly maxBodyBytes: number;
  /** Time a client has to send its request headers (408 after it); default 10 s. */
  readonly headersTimeoutMs: number;
  /** Time a client has to send its whole request; default 30 s. */
  readonly requestTimeoutMs: number;
  /** Open connections at most; default 256. */
  readonly maxConnections: number;
}

export interface SandboxOptions {
  /** What the sandbox serves (loadSandboxContent), shared read-only between sandboxes. */
  readonly content: SandboxContent;
  /** The validator that decides whether a write is valid against its UK Core profile (422 if not). */
  readonly profiles: ProfileSet;
  /** Default 0: a free port. */
  readonly port?: number;
  /** Default 127.0.0.1: loopback only. */
  readonly host?: string;
  readonly defects?: Iterable<DefectId>;
  /** Require a bearer token from the sandbox's token endpoint; off when undefined. */
  readonly auth?: SandboxAuth;
  readonly limits?: Partial<SandboxLimits>;
  /** Default the system clock. */
  readonly clock?: () => Date;
  /** Ids of created resources; default random UUIDs. */
  readonly newId?: () => string;
  /** Told of every bug hit while answering (the client gets a bare 500); default: ignored. */
  readonly onInternalError?: (error: unknown) => void;
}

export interface Sandbox {
  /** The FHIR base URL, e.g. `http://127.0.0.1:50123/fhir`. */
  readonly baseUrl: string;
  /** The OAuth 2.0 token endpoint, when auth is on. */
  readonly tokenUrl: string | undefined;
  /** Stops accepting connections, ends open ones, and resolves when the server is closed. */
  close(): Promise<void>;
}

const defaultLimits: SandboxLimits = { maxBodyBytes: 10 * 1024 * 1024, headersTimeoutMs: 10_000, requestTimeoutMs: 30_000, maxConnections: 256 };
const fhirBasePath = '/fhir';
const tokenPath = '/oauth2/token';

/** Starts a sandbox on loopback: a UK Core FHIR R4 server, in memory, seeded, clean unless defects are named. */
export async function startSandbox(options: SandboxOptions): Promise<Sandbox> {
  const defects = new Set(options.defects ?? []);
  if (defects.has('auth-optional') && options.auth === undefined) {
    throw new UsageError('the sandbox defect auth-optional needs auth on', { fix: 'add --auth (or pass auth to startSandbox)' });
  }
  const limits = { ...defaultLimits, ...options.limits };
  const host = options.host ?? '127.0.0.1';
  const server = createServer({
    headersTimeout: limits.headersTimeoutMs,
    requestTimeout: limits.requestTimeoutMs,
    // Node enforces the two timeouts only when it checks connections: check often enough to honour short ones.
    connectionsCheckingInterval: Math.max(50, Math.min(1000, limits.headersTimeoutMs / 4)),
  });
  server.maxConnections = limits.maxConnections;
  const port = await listen(server, options.port ?? 0, host);
  const origin = `http://${host.includes(':') ? `[${host}]` : host}:${port}`;
  const clock = options.clock ?? (() => new Date());
  const startedAt = clock();
  let capabilities: CapabilityStatement | undefined;
  const ctx: SandboxContext = {
    baseUrl: `${origin}${fhirBasePath}`,
    content: options.content,
    store: new ResourceStore(),
    profiles: options.profiles,
    defects,
    clock,
    newId: options.newId ?? randomUUID,
    softwareVersion: assayVersion(),
    startedAt,
    auth: options.auth === undefined ? undefined : { tokenUrl: `${origin}${tokenPath}` },
    onInternalError: options.onInternalError ?? (() => undefined),
    present: presenter(defects),
    capabilities: () => (capabilities ??= capabilityStatement(ctx)),
  };
  const issuer = options.auth === undefined ? undefined : new TokenIssuer(options.auth, `${origin}${tokenPath}`, clock);
  seed(ctx);

  server.on('request', (request: IncomingMessage, response: ServerResponse) => {
    handle(ctx, issuer, limits.maxBodyBytes, request, response).catch((error: unknown) => {
      ctx.onInternalError(error);
      response.destroy();
    });
  });
  server.on('error', ctx.onInternalError);
  server.on('clientError', (error: NodeJS.ErrnoException, socket: Duplex) => refuse(error, socket));

  return {
    baseUrl: ctx.baseUrl,
    tokenUrl: ctx.auth?.tokenUrl,
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.close((error) => (error === undefined ? resolve() : reject(error)));
        server.closeAllConnections();
      }),
  };
}

async function handle(ctx: SandboxContext, issuer: TokenIssuer | undefined, maxBodyBytes: number, request: IncomingMessage, response: ServerResponse): Promise<void> {
  const target = request.url ?? '/';
  const queryAt = target.indexOf('?');
  const path = queryAt < 0 ? target : target.slice(0, queryAt);
  const query = queryAt < 0 ? '' : target.slice(queryAt + 1);
  if (path === tokenPath) {
    const answer = await tokenEndpoint(issuer, maxBodyBytes, request);
    send(request, response, { status: answer.status, headers: { 'cache-control': 'no-store' }, body: answer.body }, new Set(), ctx.softwareVersion, 'application/json');
    return;
  }
  if (path !== fhirBasePath && !path.startsWith(`${fhirBasePath}/`)) {
    const error = new FhirError(404, 'not-found', nhsErrorCodes.notFound, `${path} is not served here; the FHIR base is ${ctx.baseUrl}`);
    send(request, response, { status: 404, body: errorOutcome(error) }, ctx.defects, ctx.softwareVersion);
    return;
  }
  const answer = await respondFhir(ctx, issuer, maxBodyBytes, request, path.slice(fhirBasePath.length), query);
  send(request, response, answer, ctx.defects, ctx.softwareVersion);
}

/** POST /oauth2/token with a form: OAuth 2.0 answers and errors (RFC 6749), not OperationOutcomes. */
async function tokenEndpoint(issuer: TokenIssuer | undefined, maxBodyBytes: number, request: IncomingMessage): Promise<{ status: number; body: object }> {
  if (issuer === undefined) return { status: 404, body: { error: 'not_found', error_description: 'this sandbox runs without auth' } };
  if (request.method !== 'POST') return { status: 405, body: { error: 'invalid_request', error_description: 'the token endpoint takes POST' } };
  if (!(request.headers['content-type'] ?? '').toLowerCase().startsWith('application/x-www-form-urlencoded')) {
    return { status: 400, body: { error: 'invalid_request', error_description: 'send the token request as application/x-www-form-urlencoded' } };
  }
  let form: URLSearchParams;
  try {
    form = new URLSearchParams((await readBody(request, maxBodyBytes)).toString('utf8'));
  } catch (error) {
    return { status: error instanceof FhirError ? error.status : 400, body: { error: 'invalid_request', error_description: (error as Error).message } };
  }
  return issuer.token(form, request.headers.authorization);
}

/** The seed goes in as version 1 of each resource, created when the sandbox started. */
function seed(ctx: SandboxContext): void {
  for (const resource of ctx.content.seed) {
    const served = ctx.content.types.get(resource.resourceType);
    if (served === undefined || resource.id === undefined) throw new Error(`seed resource ${resource.resourceType}/${resource.id ?? '?'} cannot be served`);
    store(ctx, served, resource.id, 'POST', resource);
  }
}

/** A request Node could not parse, or one too slow to arrive: answered with an OperationOutcome, then closed. */
function refuse(error: NodeJS.ErrnoException, socket: Duplex): void {
  if (error.code === 'ECONNRESET' || !socket.writable) {
    socket.destroy();
    return;
  }
  const [status, reason, message] =
    error.code === 'ERR_HTTP_REQUEST_TIMEOUT' ? [408, 'Request Timeout', 'the request did not arrive in time']
    : error.code === 'HPE_HEADER_OVERFLOW' ? [431, 'Request Header Fields Too Large', 'the request headers are too large']
    : [400, 'Bad Request', 'the request is not valid HTTP/1.1'];
  const code = status === 408 ? nhsErrorCodes.timeout : nhsErrorCodes.invalidValue;
  const body = JSON.stringify(errorOutcome(new FhirError(status, status === 408 ? 'timeout' : 'structure', code, message)));
  socket.end(
    `HTTP/1.1 ${status} ${reason}\r\nContent-Type: application/fhir+json; charset=utf-8\r\nContent-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body}`,
  );
}

function listen(server: ReturnType<typeof createServer>, port: number, host: string): Promise<number> {
  return new Promise((resolve, reject) => {
    server.once('error', (error: NodeJS.ErrnoException) => {
      reject(
        error.code === 'EADDRINUSE' ? new UsageError(`port ${port} is already in use on ${host}`, { fix: 'choose another with --port, or leave it out for a free one' })
        : error.code === 'EACCES' ? new UsageError(`no permission to listen on ${host}:${port}`, { fix: 'choose a port above 1023 with --port' })
        : error,
      );
    });
    server.listen(port, host, () => {
      const address = server.address();
      resolve(typeof address === 'object' && address !== null ? address.port : port);
    });
  });
}
