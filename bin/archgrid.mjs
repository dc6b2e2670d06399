#!/usr/bin/env node
// `archgrid` (package.json "bin"): runs the TypeScript CLI in lib/cli through tsx, which is a
// runtime dependency, so `npx archgrid …` works from a checkout right after `npm ci`.
import { tsImport } from "tsx/esm/api";

const { run, processIo } = await tsImport("../lib/cli/main.ts", import.meta.url);
const code = await run(process.argv.slice(2), processIo());
// Exit once stdout and stderr are flushed (a pipe to `jq` or a CI log must get every byte);
// waiting for the registry client's keep-alive sockets to close would only add seconds.
process.stdout.write("", () => process.stderr.write("", () => process.exit(code)));
