import type { SandboxContext } from '../context.js';
import { nhsErrorCodes } from '../nhs-error-codes.js';
import { FhirError } from '../outcome.js';

/** SMART App Launch `.well-known/smart-configuration` for backend services: where the token endpoint is. */
export function smartConfiguration(ctx: SandboxContext): object {
  if (ctx.auth === undefined) throw new FhirError(404, 'not-found', nhsErrorCodes.notFound, 'this sandbox runs without auth: it has no token endpoint');
  return {
    token_endpoint: ctx.auth.tokenUrl,
    grant_types_supported: ['client_credentials'],
    token_endpoint_auth_methods_supported: ['private_key_jwt', 'client_secret_basic', 'client_secret_post'],
    token_endpoint_auth_signing_alg_values_supported: ['RS512'],
    capabilities: ['client-confidential-asymmetric', 'client-confidential-symmetric'],
  };
}
