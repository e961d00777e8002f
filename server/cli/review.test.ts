import { mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { Writable } from "node:stream";
import { describe, expect, it } from "vitest";
import Papa from "papaparse";
import { testDatabase } from "@/test/db";
import { makeWorkspace } from "@/test/factories";
import { insertConversation, policyStep } from "@/server/services/annotation/testing";
import { reviewFromCli } from "./review";

const { db } = await testDatabase();
const openDb = () => Promise.resolve(db);

function sink() {
  const chunks: string[] = [];
  const stream = new Writable({
    write(chunk: Buffer, _enc, done) {
      chunks.push(chunk.toString());
      done();
    },
  });
  return { stream, text: () => chunks.join("") };
}

async function fixture() {
  const { workspace, caller } = await makeWorkspace(db);
  const ws = workspace.slug;
  const agent = await caller.agents.create({ workspace: ws, name: "Support" });
  const base = { workspaceId: workspace.id, agentId: agent.id };
  const criterion = await caller.review.criteria.create({ workspace: ws, name: "Polite", scale: "pass_fail", scorer: "both", aiRubric: "not_contains: calm down" });
  const day = (d: number) => new Date(Date.UTC(2026, 10, d, 9));
  const old = await insertConversation(db, { ...base, status: "resolved", startedAt: day(1), turns: [{ customer: "Where is my order?", agent: "It ships today." }] });
  const denied = await insertConversation(db, {
    ...base,
    status: "resolved",
    startedAt: day(10),
    turns: [
      { customer: "Cancel order #W1, this is ridiculous!!", agent: "I can't cancel it: it has shipped.", steps: [policyStep("cancel_pending_order", "deny")] },
      { customer: "Just do it", agent: "Okay, your order has been cancelled, \"as promised\"." },
    ],
  });
  const tag = await caller.review.tags.create({ workspace: ws, name: "Gate bypass", colour: "red" });
  await caller.review.applyTag({ workspace: ws, conversationId: denied, tagId: tag.id });
  await caller.review.addNote({ workspace: ws, conversationId: denied, text: "The agent said it cancelled after the denial." });
  await caller.review.score({ workspace: ws, conversationId: denied, criterionId: criterion.id, value: "fail" });
  return { ws, agent, old, denied };
}

describe("switchback review", () => {
  it("annotate runs the judge over the agent's ended conversations, with progress, once", async () => {
    const f = await fixture();
    const io = { stdout: sink(), stderr: sink() };
    const run = (extra: Record<string, string> = {}) => reviewFromCli(openDb, "annotate", { agent: f.agent.slug, workspace: f.ws, ...extra }, { stdout: io.stdout.stream, stderr: io.stderr.stream });
    expect(await run({ since: "2026-11-05" })).toBe(`Annotated 1 conversation of ${f.agent.slug} (1 resolved).`);
    expect(io.stderr.text()).toBe("annotated 1/1\n");
    expect(await run()).toBe(`Annotated 1 conversation of ${f.agent.slug} (1 resolved).`);
    expect(await run()).toMatch(/^Nothing to annotate: every ended conversation of/);
    expect(io.stdout.text()).toBe("");
  });

  it("export writes JSONL to stdout and CSV to a file: transcript, trace summary, tags, notes, scores, annotation", async () => {
    const f = await fixture();
    const quiet = { stdout: sink().stream, stderr: sink().stream };
    await reviewFromCli(openDb, "annotate", { agent: f.agent.slug, workspace: f.ws }, quiet);

    const io = { stdout: sink(), stderr: sink() };
    expect(await reviewFromCli(openDb, "export", { agent: f.agent.slug, workspace: f.ws, format: "jsonl", since: "2026-11-05" }, { stdout: io.stdout.stream, stderr: io.stderr.stream })).toBe("");
    expect(io.stderr.text()).toBe(`Exported 1 conversation of ${f.agent.slug} as JSONL.\n`);
    const lines = io.stdout.text().trimEnd().split("\n");
    expect(lines).toHaveLength(1);
    const row = JSON.parse(lines[0]!);
    expect(row).toMatchObject({
      id: f.denied,
      status: "resolved",
      transcript: [{ role: "customer", text: "Cancel order #W1, this is ridiculous!!" }, { role: "agent" }, { role: "customer" }, { role: "agent" }],
      trace: { policy: { deny: 1 }, toolCalls: 0 },
      tags: ["Gate bypass"],
      notes: [{ text: "The agent said it cancelled after the denial.", onMessage: false }],
      scores: { human: { Polite: "fail" }, ai: { Polite: { value: "pass", judge: "local judge" } } },
      annotation: { outcome: "resolved", sentimentLabel: "negative", flags: [{ kind: "talked_around_denial" }] },
    });

    const out = path.join(mkdtempSync(path.join(tmpdir(), "switchback-review-")), "export.csv");
    expect(await reviewFromCli(openDb, "export", { agent: f.agent.slug, workspace: f.ws, format: "csv", out }, quiet)).toBe(`Exported 2 conversations of ${f.agent.slug} as CSV to ${out}.`);
    const records = Papa.parse<Record<string, string>>(readFileSync(out, "utf8"), { header: true, skipEmptyLines: true }).data;
    expect(records.map((r) => r.id)).toEqual([f.denied, f.old]); // newest first
    expect(records[0]).toMatchObject({
      tags: "Gate bypass",
      human_scores: "Polite=fail",
      ai_scores: "Polite=pass",
      ai_outcome: "resolved",
      ai_sentiment_label: "negative",
      trace_summary: "policy deny 1; guardrail hits 0; tools 0 (0 failed); knowledge 0 grounded, 0 not; escalations 0",
    });
    // Quotes and newlines survive the round trip.
    expect(records[0]!.transcript).toBe('customer: Cancel order #W1, this is ridiculous!!\nagent: I can\'t cancel it: it has shipped.\ncustomer: Just do it\nagent: Okay, your order has been cancelled, "as promised".');
  });

  it("says what is wrong with its options", async () => {
    const f = await fixture();
    const io = { stdout: sink().stream, stderr: sink().stream };
    await expect(reviewFromCli(openDb, "export", { workspace: f.ws, format: "csv" }, io)).rejects.toThrow("--agent is required");
    await expect(reviewFromCli(openDb, "export", { agent: f.agent.slug, workspace: f.ws }, io)).rejects.toThrow("--format is required: jsonl or csv");
    await expect(reviewFromCli(openDb, "export", { agent: f.agent.slug, workspace: f.ws, format: "xml" }, io)).rejects.toThrow("(not xml)");
    await expect(reviewFromCli(openDb, "annotate", { agent: f.agent.slug, workspace: f.ws, since: "last week" }, io)).rejects.toThrow("--since must be a date");
    await expect(reviewFromCli(openDb, "annotate", { agent: "nobody", workspace: f.ws }, io)).rejects.toThrow("Agent nobody in workspace");
  });
});
