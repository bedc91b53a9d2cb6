import type { RunConfig } from './types.js';

/** How a run treats the target: politeness, limits and timeouts, all resolved to numbers. */
export interface RunSettings {
  /** Tests, and requests, in flight per host. */
  readonly concurrency: number;
  /** Requests started per second per host; 0 for no limit. */
  readonly rateLimit: number;
  readonly retries: number;
  readonly maxRedirects: number;
  readonly maxResponseBytes: number;
  readonly maxEvidenceBodyBytes: number;
  readonly timeouts: { readonly connectSeconds: number; readonly requestSeconds: number; readonly testSeconds: number };
}

/**
 * Polite defaults for an endpoint Assay does not own: a few requests at a time, at most 20 a second,
 * 10 MB per response. Vendors testing their own servers can raise them.
 */
export const defaultSettings: RunSettings = {
  concurrency: 4,
  rateLimit: 20,
  retries: 2,
  maxRedirects: 5,
  maxResponseBytes: 10 * 1024 * 1024,
  maxEvidenceBodyBytes: 1024 * 1024,
  timeouts: { connectSeconds: 10, requestSeconds: 30, testSeconds: 120 },
};

/** Later layers win: defaults, then the config's `run`, the target's `run`, then command-line flags. */
export function mergeSettings(base: RunSettings, ...layers: readonly (RunConfig | undefined)[]): RunSettings {
  return layers.reduce<RunSettings>(
    (settings, layer) =>
      layer === undefined
        ? settings
        : {
            concurrency: layer.concurrency ?? settings.concurrency,
            rateLimit: layer.rateLimit ?? settings.rateLimit,
            retries: layer.retries ?? settings.retries,
            maxRedirects: layer.maxRedirects ?? settings.maxRedirects,
            maxResponseBytes: layer.maxResponseBytes ?? settings.maxResponseBytes,
            maxEvidenceBodyBytes: layer.maxEvidenceBodyBytes ?? settings.maxEvidenceBodyBytes,
            timeouts: {
              connectSeconds: layer.timeouts?.connect ?? settings.timeouts.connectSeconds,
              requestSeconds: layer.timeouts?.request ?? settings.timeouts.requestSeconds,
              testSeconds: layer.timeouts?.test ?? settings.timeouts.testSeconds,
            },
          },
    base,
  );
}
