// Runs once when the Next.js server starts.
export async function register() {
  if (process.env.NEXT_RUNTIME !== "nodejs") return;
  const { startScheduler } = await import("./lib/scan/schedule");
  await startScheduler();
  // Read the coverage matrix into memory now, in the background, rather than on the first
  // visitor's request (a few hundred ms at 2,000 repositories). A failure here is not fatal:
  // the first request reads it again and reports any error properly.
  void import("./lib/queries")
    .then(({ loadMatrix }) => loadMatrix())
    .catch(() => {});
}
