// The recording transport: every request a test causes, through ctx.http or fhir-kit-client, recorded.
export type { HttpClientOptions } from './http-client.js';
export { createHttpClient } from './http-client.js';
export type { HostLimits } from './host-gate.js';
export type { Credentials, ExchangeSink, TransportLimits } from './recording-interceptor.js';
export type { RedactionOptions } from './redact.js';
export { REDACTED, Redactor } from './redact.js';
export type { DispatcherChoice, ScopeOptions, TlsOptions, Transport, TransportOptions } from './transport.js';
export { createTransport } from './transport.js';
export type { TransportFailure } from './transport-error.js';
export { classify, formatBytes, TransportError } from './transport-error.js';
