import "server-only";
import { createHash } from "node:crypto";
import { chmodSync, rmSync, unlinkSync } from "node:fs";
import net from "node:net";
import { tmpdir } from "node:os";
import path from "node:path";
import { PassThrough, Writable } from "node:stream";
import { advertiseCliSocket } from "@/db/embedded-owner";
import type { CliIo } from "./commands";

// The embedded database is one process's (db/embedded-owner.ts). So that the CLI works while the studio runs,
// the studio takes commands on a Unix socket beside the database (only its user may connect, as only they may
// open the folder) and runs them on its own open database. One connection is one command:
//   CLI → owner: a JSON line {argv, stdin}, then (stdin: true) the CLI's stdin until it ends;
//   owner → CLI: JSON lines {o: text} (stdout), {e: text} (stderr), and last {exit: code}.

interface Request {
  argv: string[];
  stdin: boolean;
}
type Frame = { o: string } | { e: string } | { exit: number };

/** Where the owner of `dataDir` listens: beside it, or in the temp folder when that path is too long for a socket. */
function socketPath(dataDir: string): string {
  const beside = `${dataDir}.cli.sock`;
  return beside.length < 100 ? beside : path.join(tmpdir(), `switchback-${createHash("sha256").update(dataDir).digest("hex").slice(0, 16)}.sock`);
}

/** Starts taking CLI commands for the embedded database in `dataDir`, which this process owns. */
export async function startCliSocket(dataDir: string): Promise<net.Server> {
  const { runCommand } = await import("./commands");
  const file = socketPath(dataDir);
  const server = net.createServer({ allowHalfOpen: true }, (socket) => {
    let header = "";
    let started = false;
    const stdin = new PassThrough();
    const send = (frame: Frame) => socket.write(`${JSON.stringify(frame)}\n`);
    const stream = (key: "o" | "e") =>
      new Writable({
        write(chunk: Buffer | string, _encoding, done) {
          send({ [key]: chunk.toString() } as Frame);
          done();
        },
      });
    const start = (request: Request, rest: string) => {
      started = true;
      if (rest) stdin.write(rest);
      if (!request.stdin) stdin.end();
      const finish = (exitCode: number) => {
        send({ exit: exitCode });
        socket.end();
      };
      runCommand(request.argv, { stdin, stdout: stream("o"), stderr: stream("e") }).then(finish, (error: unknown) => {
        send({ e: `${String((error as Error).stack ?? error)}\n` });
        finish(1);
      });
    };
    const onData = (chunk: Buffer) => {
      if (started) return void stdin.write(chunk);
      header += chunk.toString("utf8");
      const newline = header.indexOf("\n");
      if (newline < 0) return;
      let request: Request;
      try {
        request = JSON.parse(header.slice(0, newline)) as Request;
      } catch {
        send({ e: "error: the command was not understood (send a JSON line {argv, stdin})\n" });
        send({ exit: 2 });
        return void socket.end();
      }
      start(request, header.slice(newline + 1));
    };
    socket.on("data", onData);
    socket.on("end", () => stdin.end());
    socket.on("error", () => stdin.destroy());
  });
  const listen = () => new Promise<void>((resolve, reject) => server.once("error", reject).listen(file, () => resolve()));
  try {
    await listen();
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== "EADDRINUSE") throw error;
    unlinkSync(file); // left by an owner that crashed: this process owns the database now
    await listen();
  }
  chmodSync(file, 0o600);
  advertiseCliSocket(dataDir, file);
  process.once("exit", () => rmSync(file, { force: true }));
  server.unref();
  return server;
}

/** Runs `argv` in the process that owns the embedded database; resolves with the command's exit code. */
export function runOnOwner(socket: string, argv: string[], io: CliIo & { stdin: NodeJS.ReadableStream }): Promise<number> {
  return new Promise((resolve, reject) => {
    const wantsStdin = argv[0] === "chat";
    const connection = net.connect(socket);
    let buffered = "";
    let exitCode: number | undefined;
    connection.on("connect", () => {
      connection.write(`${JSON.stringify({ argv, stdin: wantsStdin } satisfies Request)}\n`);
      if (wantsStdin) io.stdin.pipe(connection);
      else connection.end();
    });
    connection.on("data", (chunk: Buffer) => {
      buffered += chunk.toString("utf8");
      let newline: number;
      while ((newline = buffered.indexOf("\n")) >= 0) {
        const frame = JSON.parse(buffered.slice(0, newline)) as Frame;
        buffered = buffered.slice(newline + 1);
        if ("o" in frame) io.stdout.write(frame.o);
        else if ("e" in frame) io.stderr.write(frame.e);
        else exitCode = frame.exit;
      }
    });
    connection.on("error", (error) => reject(new Error(`Could not run the command in the studio's process (${socket}): ${error.message}`)));
    connection.on("close", () => {
      if (wantsStdin) io.stdin.unpipe(connection);
      if (exitCode === undefined) reject(new Error("The studio's process closed the connection before the command finished."));
      else resolve(exitCode);
    });
  });
}
