import { spawn, spawnSync } from "node:child_process";
import { once } from "node:events";
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openDatabase } from "@/db/client";
import { claimEmbeddedDatabase, EmbeddedDatabaseInUse, ownerFile } from "@/db/embedded-owner";
import { users } from "@/db/schema";
import { createRefundDesk } from "@/test/refund-desk";
import { startServeProcess } from "@/test/serve-process";

// The embedded database belongs to one process (db/embedded-owner.ts); while the studio or `serve` holds
// it, the CLI's commands run in that process over its socket (server/cli/owner-socket.ts).

const root = path.resolve(import.meta.dirname, "../..");
const dataDir = mkdtempSync(path.join(tmpdir(), "switchback-owner-"));
const pgdata = path.join(dataDir, "pgdata");
afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

/** Runs the CLI from `dataDir` (so relative paths are the caller's) against the embedded database there. */
async function cli(args: string[]): Promise<{ status: number | null; stdout: string; stderr: string }> {
  const { DATABASE_URL: _, ...env } = process.env;
  const child = spawn(process.execPath, [path.join(root, "scripts/switchback.mjs"), ...args], { cwd: dataDir, env: { ...env, SWITCHBACK_DATA_DIR: dataDir } });
  let stdout = "";
  let stderr = "";
  child.stdout.on("data", (d: Buffer) => (stdout += d.toString()));
  child.stderr.on("data", (d: Buffer) => (stderr += d.toString()));
  const [status] = (await once(child, "exit")) as [number | null];
  return { status, stdout, stderr };
}

describe("the embedded database's owner", () => {
  it("refuses a second process while the first is alive, and takes over from a dead one", () => {
    const dir = path.join(dataDir, "claims");
    const sleeper = spawn("sleep", ["30"]);
    try {
      writeFileSync(ownerFile(dir), JSON.stringify({ pid: sleeper.pid }));
      expect(() => claimEmbeddedDatabase(dir)).toThrow(EmbeddedDatabaseInUse);
      expect(() => claimEmbeddedDatabase(dir)).toThrow(new RegExp(`open in another process \\(pid ${sleeper.pid}`));
    } finally {
      sleeper.kill();
    }
    const dead = spawnSync("true").pid;
    writeFileSync(ownerFile(dir), JSON.stringify({ pid: dead }));
    const release = claimEmbeddedDatabase(dir);
    expect(JSON.parse(readFileSync(ownerFile(dir), "utf8"))).toEqual({ pid: process.pid });
    release();
    expect(existsSync(ownerFile(dir))).toBe(false);
  });
});

describe("the CLI while `serve` holds the embedded database", () => {
  let scope: { workspace: string; agent: string };
  beforeAll(async () => {
    const database = await openDatabase({ dataDir: pgdata });
    ({ scope } = await createRefundDesk(database.db, { toolTimeoutMs: 2000 }));
    await database.close();
    expect(existsSync(ownerFile(pgdata))).toBe(false);
  }, 60_000);

  it("runs gate check and a write in the owner's process; nobody else opens the folder meanwhile", async () => {
    const serve = await startServeProcess({ env: { SWITCHBACK_DATA_DIR: dataDir } });
    try {
      const owner = JSON.parse(readFileSync(ownerFile(pgdata), "utf8")) as { pid: number; socket: string };
      expect(owner.socket).toBe(`${pgdata}.cli.sock`);
      await expect(openDatabase({ dataDir: pgdata })).rejects.toThrow(EmbeddedDatabaseInUse);

      writeFileSync(path.join(dataDir, "cases.jsonl"), [{ tool: "issue_refund", args: { amount: 40 } }, { tool: "issue_refund", args: { amount: 400 } }].map((l) => JSON.stringify(l)).join("\n"));
      const check = await cli(["gate", "check", "--agent", scope.agent, "--workspace", scope.workspace, "--file", "cases.jsonl", "--app-url", "http://127.0.0.1:9"]);
      expect(check.stderr).toBe("");
      expect(check.status).toBe(0);
      const [small, large] = check.stdout.trim().split("\n").map((l) => JSON.parse(l) as { decision: string; rules: { ruleId: string; facts: Record<string, unknown> }[] });
      expect(small).toMatchObject({ decision: "allow", rules: [{ ruleId: "small", facts: { "request.amount": 40 } }] });
      expect(large).toMatchObject({ decision: "deny", rules: [{ ruleId: "small", facts: { "request.amount": 400 } }] });

      const missing = await cli(["gate", "check", "--agent", scope.agent, "--workspace", scope.workspace, "--file", "no-such.jsonl"]);
      expect(missing).toMatchObject({ status: 1, stderr: `error: no such file: ${path.join(dataDir, "no-such.jsonl")}\n` });

      const created = await cli(["user", "create", "--email", "owner-cli@example.com", "--name", "Owner CLI", "--password", "correct horse battery staple"]);
      expect(created).toMatchObject({ status: 0, stderr: "" });
      expect(created.stdout).toMatch(/^Created user owner-cli@example.com/);
    } finally {
      expect(await serve.stop()).toBe(0);
    }
    // Released on exit; what the command wrote went to the owner's database, not a copy.
    expect(existsSync(ownerFile(pgdata))).toBe(false);
    const database = await openDatabase({ dataDir: pgdata });
    try {
      expect(await database.db.select({ name: users.name }).from(users).where(eq(users.email, "owner-cli@example.com"))).toEqual([{ name: "Owner CLI" }]);
    } finally {
      await database.close();
    }
  }, 120_000);
});
