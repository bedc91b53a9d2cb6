/**
 * Ctrl-C during a run: the first interrupt stops starting tests and lets the run write its partial
 * report; a second one quits at once. Returns the signal and a function that removes the handler.
 */
export function interruptOnSigint(stderr: NodeJS.WritableStream): { signal: AbortSignal; dispose: () => void } {
  const controller = new AbortController();
  const onSigint = (): void => {
    if (controller.signal.aborted) {
      stderr.write('assay: interrupted again, quitting without a report\n');
      // The conventional code for SIGINT; a constant, never a count.
      process.exit(130);
    }
    stderr.write('assay: interrupted; finishing the report of the tests that ran (Ctrl-C again to quit now)\n');
    controller.abort();
  };
  process.on('SIGINT', onSigint);
  return { signal: controller.signal, dispose: () => process.off('SIGINT', onSigint) };
}
