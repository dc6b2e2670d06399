// The `archgrid` command line: commander wiring only. Each command lives in its own file and
// returns its exit code (0 ok, 1 a required platform is missing, 2 the check could not be done).
import { Command, CommanderError, Option } from "commander";
import { createClient, type ClientFlags } from "./client";
import { runInspect, INSPECT_FORMATS, type InspectFormat } from "./inspect";
import { EXIT, type Io } from "./output";
import { DEFAULT_REQUIREMENTS, InvalidPlatformError, parseRequirements } from "../workloads";
import { UsageError } from "./usage";
import { runCheck } from "./check";
import { REPORT_FORMATS, runReport, type ReportOptions } from "./report";
import { CHECK_FORMATS, type CheckFormat } from "./check-report";

const EXIT_HELP = `
Exit codes (check; inspect and report use 0 and 2):
  0  every image has every required platform
  1  some image lacks a required platform
  2  the check could not be done (unreachable or refusing registry, unknown image, invalid
     reference, unreadable file, bad option)

Environment (the same as the server's):
  ARCHGRID_INSECURE_REGISTRIES  host:port list allowed over plain HTTP and on private addresses
  DOCKER_CONFIG                 folder of config.json (auths, credHelpers, credsStore)
  ARCHGRID_REQUEST_TIMEOUT_MS   timeout of every registry request (default 15000)`;

const collect = (value: string, previous: string[] | undefined): string[] => [...(previous ?? []), value];

function buildProgram(io: Io, setCode: (c: number) => void): Command {
  const program = new Command("archgrid")
    .description("Which CPU architectures do these container images run on? Reads registries directly; no server needed.")
    // Repeatable rather than variadic: a variadic option before the command would swallow its name.
    .option("--insecure-registry <host:port>", "also allow this registry over plain HTTP / on a private address (adds to ARCHGRID_INSECURE_REGISTRIES; repeatable)", collect)
    .addHelpText("after", EXIT_HELP)
    .showHelpAfterError("(run archgrid --help for usage)")
    .exitOverride()
    .configureOutput({ writeOut: io.out, writeErr: io.err });

  const globals = (cmd: Command): ClientFlags => cmd.optsWithGlobals() as ClientFlags;

  program
    .command("inspect")
    .description("list the platforms of each image: variants, Windows releases, digests, media types, attestations")
    .argument("<image...>", "image references, e.g. nginx:1.27 or ghcr.io/org/app@sha256:…")
    .addOption(new Option("--format <format>", "output format").choices(INSPECT_FORMATS).default("table"))
    .action(async (images: string[], opts: { format: InspectFormat }, cmd: Command) => {
      setCode(await runInspect(createClient(globals(cmd)), images, opts.format, io));
    });

  program
    .command("check")
    .description("exit 0 when every image has every required platform, 1 when one is missing, 2 when it cannot be told")
    .argument("[image...]", "image references, e.g. nginx:1.27 or ghcr.io/org/app@sha256:…")
    .option("-f, --file <path...>", "docker-compose files or Kubernetes manifests (multi-document YAML, kubectl -o json, helm template output), or folders of them; - reads stdin. Takes every word after it: name images before -f")
    .option("--require <platforms>", `required platforms, comma-separated (default: ${DEFAULT_REQUIREMENTS.map((r) => r.key).join(",")}); a bare architecture means linux, and linux/arm takes any arm variant`, collect)
    .addOption(new Option("--format <format>", "output format (github: GitHub Actions annotations; junit: JUnit XML)").choices(CHECK_FORMATS).default("text"))
    .option("--platforms <platforms>", "what the files' containers must run on, comma-separated (default: the --require set)", collect)
    .action(async (images: string[], opts: { require?: string[]; platforms?: string[]; file?: string[]; format: CheckFormat }, cmd: Command) => {
      const required = opts.require ? parseRequirements(opts.require) : [...DEFAULT_REQUIREMENTS];
      const targets = opts.platforms ? parseRequirements(opts.platforms) : required;
      const files = opts.file ?? [];
      if (images.length === 0 && files.length === 0) throw new UsageError("name at least one image (archgrid check IMAGE…) or file (archgrid check --file FILE…)");
      setCode(await runCheck(createClient(globals(cmd)), { images, required, files, targets }, opts.format, io));
    });

  const report = program
    .command("report")
    .description("download the gap report of a running archgrid server, filtered like the grid")
    .requiredOption("--server <url>", "the archgrid server, e.g. http://archgrid.internal:3000")
    .addOption(new Option("--format <format>", "report format (html is rendered here from the server's json)").choices(REPORT_FORMATS).default("md"))
    .option("--columns <list>", "architecture columns, e.g. amd64,arm64,riscv64 (default: the server's five)")
    .option("--q <text>", "only repositories whose reference contains this")
    .option("--missing <column>", "only repositories missing this column")
    .addOption(new Option("--status <status>", "only repositories in this scan state").choices(["ok", "error", "pending"]))
    .option("--registry <host>", "only this registry")
    .option("--namespace <namespace>", "only this namespace")
    .option("--regressed-since <date>", "only repositories that lost a platform since this date (YYYY-MM-DD)")
    .addOption(new Option("--scope <scope>", "gaps: repositories with gaps or a failed scan (the server's default); all: every matching one").choices(["gaps", "all"]))
    .option("--since <date>", "start of the \"Changed since\" section (YYYY-MM-DD; the server's default: 7 days ago)")
    .option("-o, --output <file>", "write the report to a file instead of stdout")
    .option("--token <token>", "bearer token, for servers that require one (default: $ARCHGRID_TOKEN)");
  report.action(async (opts: ReportOptions) => setCode(await runReport(opts, io)));

  return program;
}

/** Runs the CLI on `argv` (without node and script) and returns the process exit code. */
export async function run(argv: string[], io: Io): Promise<number> {
  let code: number = EXIT.ok;
  const program = buildProgram(io, (c) => (code = c));
  try {
    await program.parseAsync(argv, { from: "user" });
  } catch (e) {
    // commander throws for --help/--version (exit 0) and for usage mistakes (its own message is
    // already written); usage mistakes are "could not check" here, never "missing".
    if (e instanceof CommanderError) return e.exitCode === 0 ? EXIT.ok : EXIT.error;
    if (e instanceof UsageError || e instanceof InvalidPlatformError) {
      io.err(`archgrid: ${e.message}\n`);
      return EXIT.error;
    }
    io.err(`archgrid: ${e instanceof Error ? e.message : String(e)}\n`);
    return EXIT.error;
  }
  return code;
}

/** Standard streams for the bin. */
export function processIo(): Io {
  return {
    out: (s) => void process.stdout.write(s),
    err: (s) => void process.stderr.write(s),
    stdin: async () => {
      // `-f -` typed at a terminal would otherwise look like a hang.
      if (process.stdin.isTTY) process.stderr.write("archgrid: reading manifests from stdin (end with Ctrl-D)\n");
      const chunks: Buffer[] = [];
      for await (const c of process.stdin) chunks.push(typeof c === "string" ? Buffer.from(c) : c);
      return Buffer.concat(chunks).toString("utf8");
    },
  };
}
