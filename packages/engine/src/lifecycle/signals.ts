/** The engine as the signal handlers see it: something that shuts down with a report. */
export interface Shutdownable {
  shutdown(opts?: { flatten?: boolean; reason?: string }): Promise<{ openOrdersLeft: number | null }>;
}

/**
 * SIGINT/SIGTERM → shutdown (optionally flattening) → exit. Library code never installs these by
 * itself; main.js calls this. Returns an uninstaller. A second signal exits at once.
 */
export function installSignalHandlers(
  engine: Shutdownable,
  opts: { flatten?: boolean; exit?: (code: number) => void; hardTimeoutMs?: number } = {},
): () => void {
  const exit = opts.exit ?? ((code: number) => process.exit(code));
  let signalled = false;
  const handler = (sig: NodeJS.Signals) => {
    if (signalled) {
      exit(130);
      return;
    }
    signalled = true;
    const hard = setTimeout(() => exit(1), opts.hardTimeoutMs ?? 15_000);
    hard.unref();
    engine.shutdown({ flatten: opts.flatten ?? false, reason: sig }).then(
      (r) => {
        clearTimeout(hard);
        exit(r.openOrdersLeft === 0 || r.openOrdersLeft === null ? 0 : 1);
      },
      () => {
        clearTimeout(hard);
        exit(1);
      },
    );
  };
  process.on('SIGINT', handler);
  process.on('SIGTERM', handler);
  return () => {
    process.off('SIGINT', handler);
    process.off('SIGTERM', handler);
  };
}
