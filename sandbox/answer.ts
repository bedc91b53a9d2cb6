import type { FhirResponse, SandboxContext } from './context.js';
import { nhsErrorCodes } from './nhs-error-codes.js';
import { errorOutcome, FhirError } from './outcome.js';

/**
 * Turns whatever an interaction threw into its answer: a FhirError into its status and OperationOutcome,
 * anything else (a bug in the sandbox) into a 500 that says nothing of the internals, reported to
 * `onInternalError`. The only place errors become responses.
 */
export function errorResponse(ctx: SandboxContext, thrown: unknown): FhirResponse {
  const error = asFhirError(ctx, thrown);
  const body = errorOutcome(error, {
    withoutNhsCode: ctx.defects.has('error-without-nhs-code'),
    stack: ctx.defects.has('leaks-stack-trace') ? (thrown instanceof Error ? thrown.stack : undefined) : undefined,
  });
  return { status: error.status, headers: error.headers, body };
}

function asFhirError(ctx: SandboxContext, thrown: unknown): FhirError {
  if (thrown instanceof FhirError) {
    const crashes =
      (ctx.defects.has('500-on-bad-search-param') && thrown.nhsCode === nhsErrorCodes.invalidSearchData) ||
      (ctx.defects.has('500-on-huge-body') && thrown.status === 413);
    return crashes ? internalError() : thrown;
  }
  ctx.onInternalError(thrown);
  return internalError();
}

function internalError(): FhirError {
  return new FhirError(500, 'exception', nhsErrorCodes.serviceError, 'the server failed to process the request');
}

/** Runs an interaction and answers for it, whether it returns or throws. */
export async function answer(ctx: SandboxContext, work: () => Promise<FhirResponse>): Promise<FhirResponse> {
  try {
    return await work();
  } catch (error) {
    return errorResponse(ctx, error);
  }
}
