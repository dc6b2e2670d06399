// A mistake in how the command was called (missing argument, bad --server URL); exit 2.
export class UsageError extends Error {
  override name = "UsageError";
}
