import { describe, expect, test } from "vitest";
import { testDatabase } from "@/test/db";
import { addMember, makeWorkspace } from "@/test/factories";
import { annotatePending } from "./annotate-pending";
import { csvCell } from "./export-conversations";
import { handleExportRequest } from "./handle-export-request";
import { insertConversation } from "./testing";

const { db } = await testDatabase();
const hoursAgo = (h: number) => new Date(Date.now() - h * 3600_000);

async function fixture() {
  const { workspace, owner, caller } = await makeWorkspace(db);
  const agent = await caller.agents.create({ workspace: workspace.slug, name: "Support" });
  const base = { workspaceId: workspace.id, agentId: agent.id };
  const angry = await insertConversation(db, { ...base, status: "resolved", startedAt: hoursAgo(3), turns: [{ customer: "Worst service, this is ridiculous!!", agent: "Sorry." }] });
  const calm = await insertConversation(db, { ...base, status: "abandoned", startedAt: hoursAgo(2), turns: [{ customer: "Where is my order?", agent: "Which one?" }] });
  const unannotated = await insertConversation(db, { ...base, startedAt: new Date(), turns: [{ customer: "Hello there" }] });
  await annotatePending(db, { limit: 10, workspaceId: workspace.id });
  return { workspace, owner, caller, agent, angry, calm, unannotated };
}

const url = (params: Record<string, string>) => `http://studio.test/api/review/export?${new URLSearchParams(params).toString()}`;
const get = (userId: string | null, params: Record<string, string>) => handleExportRequest({ db, userId }, new Request(url(params)));

describe("the conversation list's AI filters", () => {
  test("sentiment label and AI outcome, alone and together", async () => {
    const f = await fixture();
    const list = async (filter: { sentiment?: "negative" | "neutral" | "positive"; aiOutcome?: "resolved" | "escalated" | "abandoned" | "unresolved" }) =>
      (await f.caller.conversations.list({ workspace: f.workspace.slug, agentId: f.agent.id, ...filter })).items.map((c) => c.id);
    expect(await list({})).toEqual([f.unannotated, f.calm, f.angry]);
    expect(await list({ sentiment: "negative" })).toEqual([f.angry]);
    expect(await list({ aiOutcome: "abandoned" })).toEqual([f.calm]);
    expect(await list({ sentiment: "negative", aiOutcome: "abandoned" })).toEqual([]);
    await expect(f.caller.conversations.list({ workspace: f.workspace.slug, agentId: f.agent.id, sentiment: "furious" as never })).rejects.toThrow(/negative, neutral or positive/);
  });
});

describe("GET /api/review/export", () => {
  test("streams the list's filter as JSONL or CSV to anyone who reads conversations", async () => {
    const f = await fixture();
    const { user: viewer } = await addMember(db, f.workspace.id, "viewer");
    const jsonl = await get(viewer.id, { workspace: f.workspace.slug, agentId: f.agent.id, format: "jsonl", sentiment: "negative" });
    expect(jsonl.status).toBe(200);
    expect(jsonl.headers.get("content-type")).toMatch(/^application\/x-ndjson/);
    expect(jsonl.headers.get("content-disposition")).toMatch(new RegExp(`^attachment; filename="${f.agent.slug}-conversations-\\d{4}-\\d{2}-\\d{2}\\.jsonl"$`));
    const rows = (await jsonl.text()).trimEnd().split("\n").map((l) => JSON.parse(l));
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ id: f.angry, annotation: { sentimentLabel: "negative", outcome: "resolved", judge: "local judge" } });

    // The list's date filter, read in the browser's time zone: nothing started from tomorrow on.
    const tomorrow = new Date(Date.now() + 86_400_000).toISOString().slice(0, 10);
    expect(await (await get(f.owner.id, { workspace: f.workspace.slug, agentId: f.agent.id, format: "jsonl", from: tomorrow, tz: "0" })).text()).toBe("");

    const csv = await get(f.owner.id, { workspace: f.workspace.slug, agentId: f.agent.id, format: "csv" });
    expect(csv.headers.get("content-type")).toMatch(/^text\/csv/);
    const lines = (await csv.text()).split("\r\n").filter(Boolean);
    expect(lines[0]).toMatch(/^id,created_at,channel,status,release,journey,turns,transcript,trace_summary,tags,notes,human_scores,ai_scores,ai_outcome/);
    expect(lines.filter((l) => /^[0-9a-f]{8}-/.test(l)).map((l) => l.slice(0, 36))).toEqual([f.unannotated, f.calm, f.angry]);
  });

  test("bad requests say what is wrong; another workspace's agent is 404; no session is 401", async () => {
    const f = await fixture();
    const other = await fixture();
    expect((await get(null, { workspace: f.workspace.slug, agentId: f.agent.id, format: "csv" })).status).toBe(401);
    const bad = await get(f.owner.id, { workspace: f.workspace.slug, agentId: f.agent.id, format: "xml" });
    expect(bad.status).toBe(400);
    expect(await bad.json()).toEqual({ error: { code: "invalid", message: "format: The format is jsonl or csv" } });
    const foreign = await get(f.owner.id, { workspace: f.workspace.slug, agentId: other.agent.id, format: "csv" });
    expect(foreign.status).toBe(404);
    expect(await foreign.json()).toMatchObject({ error: { code: "not_found" } });
    // Not a member of the other workspace: it does not exist for them.
    expect((await get(f.owner.id, { workspace: other.workspace.slug, agentId: other.agent.id, format: "csv" })).status).toBe(404);
  });

  test("CSV cells are quoted and never start a formula", () => {
    expect(csvCell('say "hi", then\nleave')).toBe('"say ""hi"", then\nleave"');
    expect(csvCell("=HYPERLINK(\"x\")")).toBe('"\'=HYPERLINK(""x"")"');
    expect(csvCell("-1")).toBe("'-1");
    expect(csvCell(null)).toBe("");
  });
});
