// Test and bench servers run in their own process group (`detached: true`), so that stopping
// `next start` stops `next-server` too. Signals go to the whole group.

/** Sends `signal` to every process of the group; a group that is already gone is not an error. */
export function killGroup(pgid: number, signal: NodeJS.Signals = "SIGKILL"): void {
  try {
    process.kill(-pgid, signal);
  } catch {
    /* already gone */
  }
}

/** True while any process of the group is left (signal 0 only checks). */
export function groupAlive(pgid: number): boolean {
  try {
    process.kill(-pgid, 0);
    return true;
  } catch {
    return false;
  }
}
