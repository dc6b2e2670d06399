// How every bench script ends: the process exits when main settles, with main's code (0 when it
// returns none), or after printing the failure with `failCode`. Exiting explicitly matters here:
// the registries, servers and pools a bench starts would otherwise keep node alive.

export function runMain(main: () => Promise<number | void>, opts: { failCode?: number; report?: (e: unknown) => void } = {}): void {
  main().then(
    (code) => process.exit(typeof code === "number" ? code : 0),
    (e: unknown) => {
      (opts.report ?? console.error)(e);
      process.exit(opts.failCode ?? 1);
    },
  );
}
