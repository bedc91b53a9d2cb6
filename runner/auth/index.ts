// Auth: how requests to the target authenticate (none, bearer, OAuth2 client credentials, NHS England
// signed-JWT client assertion, SMART Backend Services). mTLS lives in the transport.
export { assertionLifetimeSeconds, clientAssertion, privateKey } from './client-assertion.js';
export { targetCredentials } from './credentials.js';
export type { AuthDeps, AuthProvider } from './providers.js';
export { createAuth } from './providers.js';
export { discoverTokenEndpoint } from './smart-configuration.js';
export type { IssuedToken } from './token-endpoint.js';
export { requestToken } from './token-endpoint.js';
