import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { and, eq } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { parse as parseYaml } from "yaml";
import type { Db } from "@/db/client";
import { auditLogs } from "@/db/schema";
import { seedRetailAgent } from "@/db/seed/retail-agent";
import { testDatabase } from "@/test/db";
import { makeWorkspace, uniq } from "@/test/factories";
import { evalFromCli } from "./eval";

describe("switchback eval export / import", () => {
  let db: Db;
  let from: Awaited<ReturnType<typeof makeWorkspace>>;
  let to: Awaited<ReturnType<typeof makeWorkspace>>;
  const openDb = () => Promise.resolve(db);
  const dir = mkdtempSync(path.join(tmpdir(), "switchback-eval-"));

  beforeAll(async () => {
    db = (await testDatabase()).db;
    [from, to] = [await makeWorkspace(db), await makeWorkspace(db)];
    for (const f of [from, to]) {
      const agent = await f.caller.agents.create({ workspace: f.workspace.slug, name: "Retail support" });
      await seedRetailAgent(db, { workspaceId: f.workspace.id, agentId: agent.id, storeId: `t-${uniq()}` });
    }
    const [agent] = await from.caller.agents.list({ workspace: from.workspace.slug });
    const suite = await from.caller.evals.createSuite({ workspace: from.workspace.slug, agentId: agent!.id, name: "Smoke", gating: true });
    await from.caller.evals.createCase({
      workspace: from.workspace.slug,
      suiteId: suite.id,
      name: "Greets",
      definition: { customer: { kind: "script", turns: ["Hi"] }, expectations: [{ kind: "tool_not_called", tool: "cancel_pending_order" }] },
    });
  });

  it("exports to stdout or a file, and imports that file into another workspace's agent with no actor in the audit log", async () => {
    const source = { agent: "retail-support", workspace: from.workspace.slug };
    const yaml = (await evalFromCli(openDb, "export", { ...source, suite: "smoke" })) as string;
    expect(parseYaml(yaml)).toMatchObject({ switchback: "eval-suite", version: 1, suite: { name: "Smoke", gating: true, cases: [{ name: "Greets" }] } });

    const out = path.join(dir, "smoke.eval.yaml");
    expect(await evalFromCli(openDb, "export", { ...source, suite: "Smoke", out })).toBe(`Exported "Smoke" (1 case) to ${out}.`);
    expect(readFileSync(out, "utf8").trimEnd()).toBe(yaml);

    const target = { agent: "retail-support", workspace: to.workspace.slug, file: out };
    expect(await evalFromCli(openDb, "import", target)).toBe('Imported "Smoke" into retail-support with 1 case.');
    await expect(evalFromCli(openDb, "import", target)).rejects.toMatchObject({ code: "conflict", message: expect.stringContaining("--replace") });
    expect(await evalFromCli(openDb, "import", { ...target, replace: "true" })).toBe('Replaced "Smoke" of retail-support: it has the file\'s 1 case now.');

    const [suite] = await to.caller.evals.listSuites({ workspace: to.workspace.slug, agentId: (await to.caller.agents.get({ workspace: to.workspace.slug, agent: "retail-support" })).id });
    const audit = await db.select().from(auditLogs).where(and(eq(auditLogs.targetId, suite!.id), eq(auditLogs.action, "eval_suite.import")));
    expect(audit.map((a) => a.actorId)).toEqual([null, null]);
  });

  it("eval run: a line per case and N passed, N failed; exit code 0 only when every case that is not a known failure passed", async () => {
    const source = { agent: "retail-support", workspace: from.workspace.slug };
    const passing = await evalFromCli(openDb, "run", source);
    expect(passing).toMatchObject({ exitCode: 0, message: "✓ Smoke › Greets\n1 passed, 0 failed" });

    const json = await evalFromCli(openDb, "run", { ...source, suite: "smoke", repeat: "2", json: "true" });
    expect(json).toMatchObject({ exitCode: 0 });
    expect(JSON.parse((json as { message: string }).message)).toMatchObject({ cases: 1, passed: 1, failed: 0, repeat: 2, passAt1: 1, passAtK: 1, results: [{ suite: "Smoke", case: "Greets", passed: true, failures: [] }] });

    const [agent] = await from.caller.agents.list({ workspace: from.workspace.slug });
    const [suite] = await from.caller.evals.listSuites({ workspace: from.workspace.slug, agentId: agent!.id });
    const definition = { customer: { kind: "script", turns: ["Hi"] }, expectations: [{ kind: "reply_contains", text: "a sentence never said" }] };
    await from.caller.evals.createCase({ workspace: from.workspace.slug, suiteId: suite!.id, name: "Says the impossible", definition });
    const failing = (await evalFromCli(openDb, "run", source)) as { exitCode: number; message: string };
    expect(failing.exitCode).toBe(1);
    expect(failing.message).toMatch(/^✗ Smoke › Says the impossible\n {4}attempt 1: expected a reply contains "a sentence never said", got /m);
    expect(failing.message.endsWith("1 passed, 1 failed")).toBe(true);

    const known = await from.caller.evals.getSuite({ workspace: from.workspace.slug, suiteId: suite!.id });
    await from.caller.evals.updateCase({ workspace: from.workspace.slug, caseId: known.cases.find((c) => c.name === "Says the impossible")!.id, knownFailure: "Not built yet" });
    expect(await evalFromCli(openDb, "run", source)).toMatchObject({ exitCode: 0, message: expect.stringContaining("○ Smoke › Says the impossible — known failure: Not built yet") });
    await expect(evalFromCli(openDb, "run", { ...source, release: "soon" })).rejects.toMatchObject({ code: "invalid", message: "--release is draft, live or a release number (not soon)" });
    await expect(evalFromCli(openDb, "run", { ...source, release: "live" })).rejects.toMatchObject({ code: "invalid", message: expect.stringContaining("no live release") });
  });

  it("says what is wrong with the arguments, before opening the database", async () => {
    const noDb = () => Promise.reject(new Error("the database was opened"));
    await expect(evalFromCli(noDb, "export", { suite: "Smoke" })).rejects.toMatchObject({ code: "invalid", message: "--agent is required: the agent's slug (e.g. retail-support)" });
    await expect(evalFromCli(noDb, "export", { agent: "retail-support" })).rejects.toMatchObject({ code: "invalid", message: "--suite is required: the name of the suite to export" });
    await expect(evalFromCli(noDb, "import", { agent: "retail-support" })).rejects.toMatchObject({ code: "invalid", message: "--file is required: a suite file (YAML or JSON)" });

    const source = { agent: "retail-support", workspace: from.workspace.slug };
    await expect(evalFromCli(openDb, "export", { ...source, suite: "Regressions" })).rejects.toMatchObject({ code: "not_found", message: 'retail-support has no suite "Regressions" (its suites: "Smoke")' });
    await expect(evalFromCli(openDb, "export", { ...source, agent: "nobody", suite: "Smoke" })).rejects.toMatchObject({ code: "not_found" });
    await expect(evalFromCli(openDb, "import", { ...source, workspace: "no-such-workspace", file: path.join(dir, "smoke.eval.yaml") })).rejects.toMatchObject({ code: "not_found" });
    await expect(evalFromCli(openDb, "import", { ...source, file: path.join(dir, "missing.yaml") })).rejects.toMatchObject({ code: "invalid", message: expect.stringContaining("no such file") });

    const broken = path.join(dir, "broken.eval.yaml");
    writeFileSync(broken, "switchback: eval-suite\nversion: 1\nsuite:\n  name: [unclosed\n");
    await expect(evalFromCli(openDb, "import", { ...source, file: broken })).rejects.toMatchObject({ code: "invalid", message: expect.stringMatching(/^The file is not valid YAML \(line \d+, column \d+\)/) });
  });
});
