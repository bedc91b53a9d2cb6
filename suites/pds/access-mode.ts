/**
 * PDS access modes (personal-demographics.yaml, "Access modes"): what each lets a caller do. A test of an
 * operation the configured mode does not allow is omitted, not failed. `sandbox` allows everything.
 */
export const accessModes = ['sandbox', 'healthcare-worker', 'application-restricted', 'patient'] as const;
export type AccessMode = (typeof accessModes)[number];

/** The operations the specification limits by access mode. */
const allowed = {
  search: ['sandbox', 'healthcare-worker', 'application-restricted'],
  'multiple-results': ['sandbox', 'healthcare-worker'],
  update: ['sandbox', 'healthcare-worker', 'patient'],
  create: ['sandbox', 'healthcare-worker'],
  coverage: ['sandbox', 'patient'],
} as const satisfies Record<string, readonly AccessMode[]>;

export type LimitedOperation = keyof typeof allowed;

interface AccessModeContext {
  readonly inputs: { readonly accessMode: string };
  omit(reason: string): never;
}

function isAccessMode(value: string): value is AccessMode {
  return (accessModes as readonly string[]).includes(value);
}

/** Omits the test unless the configured access mode allows `operation`. */
export function requireAccess(ctx: AccessModeContext, operation: LimitedOperation): void {
  const mode = ctx.inputs.accessMode;
  if (!isAccessMode(mode)) {
    throw new Error(`input accessMode is "${mode}"; use one of ${accessModes.join(', ')}`);
  }
  if (!(allowed[operation] as readonly AccessMode[]).includes(mode)) {
    ctx.omit(`the ${mode} access mode does not allow ${operation} (PDS specification, "Access modes")`);
  }
}
