import path from "node:path";
import { parseArgs } from "node:util";
import { closeDatabase } from "@/db/client";
import { EmbeddedDatabaseInUse, liveOwner } from "@/db/embedded-owner";
import { embeddedDataDir } from "@/lib/env";
import { cliOptions, commandOf, runCommand } from "@/server/cli/commands";
import { runOnOwner } from "@/server/cli/owner-socket";
import { runServe, serveOptionsSchema } from "@/server/serve/run-serve";

async function main(): Promise<number | undefined> {
  const argv = process.argv.slice(2);
  if (commandOf(argv) === "serve") {
    // Serves until SIGTERM/SIGINT, which close the database themselves.
    const { values } = parseArgs({ args: argv, allowPositionals: true, options: cliOptions });
    await runServe(serveOptionsSchema.parse({ port: values.port ?? process.env.PORT ?? 3000, host: values.host ?? "127.0.0.1", workers: values.workers ?? 1, jobs: values.jobs === true }));
    return undefined;
  }
  // The studio (or `serve`) holds the embedded database: the command runs in that process instead.
  const dataDir = embeddedDataDir();
  const owner = dataDir ? liveOwner(dataDir) : null;
  const args = withAbsolutePaths(argv);
  if (owner?.socket && commandOf(argv)) return runOnOwner(owner.socket, args, { stdin: process.stdin, stdout: process.stdout, stderr: process.stderr });
  if (owner) throw new EmbeddedDatabaseInUse(dataDir!, owner);

  const exitCode = await runCommand(args, { stdin: process.stdin, stdout: process.stdout, stderr: process.stderr });
  await closeDatabase();
  return exitCode;
}

/**
 * `--file` and `--out` resolved against the caller's directory: the command runs in the app's folder
 * (scripts/switchback.mjs), or in the studio's process.
 */
function withAbsolutePaths(argv: string[]): string[] {
  const cwd = process.env.SWITCHBACK_CLI_CWD ?? process.cwd();
  return argv.map((arg, i) => {
    const flag = argv[i - 1];
    if (flag === "--file" || flag === "--out") return path.resolve(cwd, arg);
    const inline = /^--(file|out)=(.*)$/.exec(arg);
    return inline ? `--${inline[1]}=${path.resolve(cwd, inline[2]!)}` : arg;
  });
}

main().then(
  (exitCode) => {
    if (exitCode !== undefined) process.exitCode = exitCode;
  },
  (error: unknown) => {
    console.error(error instanceof EmbeddedDatabaseInUse ? `error: ${error.message}` : error);
    process.exit(1);
  },
);
