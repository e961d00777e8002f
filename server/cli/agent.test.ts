import { mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { and, eq } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { parse as parseYaml } from "yaml";
import type { Db } from "@/db/client";
import { agents, auditLogs } from "@/db/schema";
import { testDatabase } from "@/test/db";
import { makeWorkspace } from "@/test/factories";
import { exportAgentFromCli, importAgentFromCli } from "./agent";

describe("switchback agent export / import", () => {
  let db: Db;
  let from: Awaited<ReturnType<typeof makeWorkspace>>;
  let to: Awaited<ReturnType<typeof makeWorkspace>>;
  const dir = mkdtempSync(path.join(tmpdir(), "switchback-agent-"));

  beforeAll(async () => {
    db = (await testDatabase()).db;
    [from, to] = [await makeWorkspace(db), await makeWorkspace(db)];
    const w = { workspace: from.workspace.slug };
    const agent = await from.caller.agents.create({ ...w, name: "Front desk" });
    await from.caller.tools.save({
      ...w,
      agent: agent.slug,
      tool: { name: "find_booking", description: "Find a booking", method: "GET", url: "https://api.example.test/bookings/{id}", headers: { "x-api-key": "{{secret.HOTEL_KEY}}" }, args: { type: "object", properties: { id: { type: "string" } } }, kind: "read" },
    });
  });

  it("exports to stdout or a file, and imports that file as a new agent with no actor in the audit log", async () => {
    const yaml = await exportAgentFromCli(db, { agentSlug: "front-desk", workspaceSlug: from.workspace.slug, format: "yaml" });
    expect(parseYaml(yaml)).toMatchObject({ switchback: "agent", version: 1, agent: { name: "Front desk", secrets: ["HOTEL_KEY"] } });

    const out = path.join(dir, "front-desk.agent.json");
    expect(await exportAgentFromCli(db, { agentSlug: "front-desk", workspaceSlug: from.workspace.slug, out })).toBe(`Exported front-desk to ${out}.`);
    expect(JSON.parse(readFileSync(out, "utf8"))).toMatchObject({ agent: { tools: { find_booking: { kind: "read" } } } });

    const message = await importAgentFromCli(db, { workspaceSlug: to.workspace.slug, file: out, name: "Front desk (copy)" });
    expect(message).toBe(
      `Imported Front desk (copy) as /${to.workspace.slug}/agents/front-desk-copy.\nSet these secrets in ${to.workspace.slug} (Settings → Secrets) before its tools can run: HOTEL_KEY`,
    );
    const [created] = await db.select().from(agents).where(and(eq(agents.workspaceId, to.workspace.id), eq(agents.slug, "front-desk-copy")));
    const [audit] = await db.select().from(auditLogs).where(and(eq(auditLogs.targetId, created!.id), eq(auditLogs.action, "agent.import")));
    expect(audit).toMatchObject({ actorId: null });
  });

  it("says what is wrong with the arguments", async () => {
    await expect(exportAgentFromCli(db, { agentSlug: "front-desk", workspaceSlug: from.workspace.slug, format: "xml" })).rejects.toMatchObject({ code: "invalid", message: '--format must be json or yaml, not "xml"' });
    await expect(exportAgentFromCli(db, { agentSlug: "nobody", workspaceSlug: from.workspace.slug })).rejects.toMatchObject({ code: "not_found" });
    await expect(importAgentFromCli(db, { workspaceSlug: "no-such-workspace", file: path.join(dir, "front-desk.agent.json") })).rejects.toMatchObject({ code: "not_found" });
    await expect(importAgentFromCli(db, { workspaceSlug: to.workspace.slug, file: path.join(dir, "missing.yaml") })).rejects.toMatchObject({ code: "invalid", message: expect.stringContaining("no such file") });
  });
});
