// A separate process that runs a scan, so a test can kill it with SIGKILL mid-scan the way a
// crashing or redeployed server would stop. Usage: tsx test/scan-child.ts <repositoryId>...
import { engine } from "../lib/scan/engine";

async function main() {
  const ids = process.argv.slice(2);
  const scan = await engine().start(ids, "manual");
  process.stdout.write(`scan ${scan.id}\n`);
  await engine().wait(scan.id);
  process.stdout.write("finished\n");
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
