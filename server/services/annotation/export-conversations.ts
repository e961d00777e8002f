import "server-only";
import { and, asc, eq, inArray } from "drizzle-orm";
import type { z } from "zod";
import {
  conversationAnnotations,
  conversationNotes,
  conversations,
  conversationScores,
  conversationTags,
  journeys,
  messages,
  scoreCriteria,
  type StoredTraceStep,
  tags,
  toolExecutions,
  turnTraces,
} from "@/db/schema";
import type { ExportFormat } from "@/lib/schemas/annotation";
import type { listConversationsInput } from "@/lib/schemas/conversation";
import type { WorkspaceCtx } from "@/server/services/context";
import { listConversations } from "@/server/services/conversations/list-conversations";

// Export of reviewed conversations (issue 16 item 8): the list's filter, page by page on its keyset, each
// conversation with its transcript, a trace summary, tags, notes, people's and the AI's scores and the
// judge's annotation. Streamed: a page of 100 is in memory at a time, whatever the total.

const PAGE = 100;

export type ExportFilter = Omit<z.input<typeof listConversationsInput>, "cursor" | "limit">;

export interface ExportedConversation {
  id: string;
  channel: string;
  status: string;
  createdAt: string;
  endedAt: string | null;
  release: number | null;
  journey: string | null;
  turns: number;
  transcript: { turn: number; role: string; author: string | null; text: string; citations: string[] }[];
  trace: TraceSummary;
  tags: string[];
  notes: { author: string; text: string; onMessage: boolean; createdAt: string }[];
  scores: { human: Record<string, string>; ai: Record<string, { value: string; rationale: string; judge: string }> };
  annotation: {
    outcome: string;
    sentiment: number;
    sentimentLabel: string;
    topic: string;
    flags: { kind: string; rationale: string }[];
    ungrounded: { claim: string; support: number }[];
    rationales: Record<string, string>;
    judge: string;
    annotatedAt: string;
  } | null;
}

export interface TraceSummary {
  /** The gate's decisions by kind: allow, deny, require_confirmation, escalate. */
  policy: Record<string, number>;
  guardrailHits: number;
  toolCalls: number;
  toolErrors: number;
  knowledge: { grounded: number; notGrounded: number };
  escalations: number;
}

/** Every conversation the filter matches, newest first, a page at a time. */
export async function* exportConversations(ctx: WorkspaceCtx, filter: ExportFilter): AsyncGenerator<ExportedConversation> {
  let cursor: string | undefined;
  do {
    const page = await listConversations(ctx, { ...filter, cursor, limit: PAGE });
    yield* await details(ctx, page.items.map((c) => c.id));
    cursor = page.nextCursor ?? undefined;
  } while (cursor);
}

async function details(ctx: WorkspaceCtx, ids: string[]): Promise<ExportedConversation[]> {
  if (ids.length === 0) return [];
  const ws = ctx.workspace.id;
  const [rows, said, traces, tools, tagged, notes, scores, annotations] = await Promise.all([
    ctx.db
      .select({
        id: conversations.id,
        channel: conversations.channel,
        status: conversations.status,
        createdAt: conversations.createdAt,
        endedAt: conversations.endedAt,
        release: conversations.releaseNumber,
        turns: conversations.turns,
        journey: journeys.name,
      })
      .from(conversations)
      .leftJoin(journeys, and(eq(journeys.id, conversations.journeyId), eq(journeys.workspaceId, conversations.workspaceId)))
      .where(and(eq(conversations.workspaceId, ws), inArray(conversations.id, ids))),
    ctx.db
      .select({ conversationId: messages.conversationId, turn: messages.turn, role: messages.role, authorName: messages.authorName, text: messages.text, citations: messages.citations })
      .from(messages)
      .where(and(eq(messages.workspaceId, ws), inArray(messages.conversationId, ids)))
      .orderBy(asc(messages.turn), asc(messages.createdAt)),
    ctx.db
      .select({ conversationId: turnTraces.conversationId, events: turnTraces.events })
      .from(turnTraces)
      .where(and(eq(turnTraces.workspaceId, ws), inArray(turnTraces.conversationId, ids))),
    ctx.db
      .select({ conversationId: toolExecutions.conversationId, status: toolExecutions.status })
      .from(toolExecutions)
      .where(and(eq(toolExecutions.workspaceId, ws), inArray(toolExecutions.conversationId, ids))),
    ctx.db
      .selectDistinct({ conversationId: conversationTags.conversationId, name: tags.name })
      .from(conversationTags)
      .innerJoin(tags, and(eq(tags.id, conversationTags.tagId), eq(tags.workspaceId, conversationTags.workspaceId)))
      .where(and(eq(conversationTags.workspaceId, ws), inArray(conversationTags.conversationId, ids))),
    ctx.db
      .select({ conversationId: conversationNotes.conversationId, author: conversationNotes.authorName, text: conversationNotes.text, messageId: conversationNotes.messageId, createdAt: conversationNotes.createdAt })
      .from(conversationNotes)
      .where(and(eq(conversationNotes.workspaceId, ws), inArray(conversationNotes.conversationId, ids)))
      .orderBy(asc(conversationNotes.createdAt)),
    ctx.db
      .select({ conversationId: conversationScores.conversationId, criterion: scoreCriteria.name, kind: conversationScores.kind, value: conversationScores.value, rationale: conversationScores.rationale, by: conversationScores.authorName })
      .from(conversationScores)
      .innerJoin(scoreCriteria, and(eq(scoreCriteria.id, conversationScores.criterionId), eq(scoreCriteria.workspaceId, conversationScores.workspaceId)))
      .where(and(eq(conversationScores.workspaceId, ws), inArray(conversationScores.conversationId, ids)))
      .orderBy(asc(scoreCriteria.position)),
    ctx.db
      .select()
      .from(conversationAnnotations)
      .where(and(eq(conversationAnnotations.workspaceId, ws), inArray(conversationAnnotations.conversationId, ids))),
  ]);
  const group = <T extends { conversationId: string | null }>(list: T[]) => {
    const by = new Map<string, T[]>();
    for (const item of list) if (item.conversationId) by.set(item.conversationId, [...(by.get(item.conversationId) ?? []), item]);
    return by;
  };
  const [saidBy, tracesBy, toolsBy, tagsBy, notesBy, scoresBy] = [group(said), group(traces), group(tools), group(tagged), group(notes), group(scores)];
  const annotationBy = new Map(annotations.map((a) => [a.conversationId, a]));
  const byId = new Map(rows.map((r) => [r.id, r]));

  return ids.flatMap((id) => {
    const c = byId.get(id);
    if (!c) return [];
    const a = annotationBy.get(id);
    const s = scoresBy.get(id) ?? [];
    return [
      {
        id,
        channel: c.channel,
        status: c.status,
        createdAt: c.createdAt.toISOString(),
        endedAt: c.endedAt?.toISOString() ?? null,
        release: c.release,
        journey: c.journey,
        turns: c.turns,
        transcript: (saidBy.get(id) ?? []).map((m) => ({
          turn: m.turn,
          role: m.role,
          author: m.authorName,
          text: m.text,
          citations: (m.citations as { documentTitle?: string; section?: string }[]).map((x) => [x.documentTitle, x.section].filter(Boolean).join(" › ")),
        })),
        trace: summarizeTrace(
          (tracesBy.get(id) ?? []).flatMap((t) => t.events as StoredTraceStep[]),
          toolsBy.get(id) ?? [],
        ),
        tags: (tagsBy.get(id) ?? []).map((t) => t.name).sort(),
        notes: (notesBy.get(id) ?? []).map((n) => ({ author: n.author, text: n.text, onMessage: n.messageId !== null, createdAt: n.createdAt.toISOString() })),
        scores: {
          human: Object.fromEntries(s.filter((x) => x.kind === "human").map((x) => [x.criterion, x.value])),
          ai: Object.fromEntries(s.filter((x) => x.kind === "ai").map((x) => [x.criterion, { value: x.value, rationale: x.rationale, judge: x.by }])),
        },
        annotation: a
          ? {
              outcome: a.outcome,
              sentiment: a.sentiment,
              sentimentLabel: a.sentimentLabel,
              topic: a.topic,
              flags: a.flags.map((f) => ({ kind: f.kind, rationale: f.rationale })),
              ungrounded: a.ungrounded.map((u) => ({ claim: u.claim, support: u.support })),
              rationales: a.rationales,
              judge: a.judge,
              annotatedAt: a.annotatedAt.toISOString(),
            }
          : null,
      },
    ];
  });
}

export function summarizeTrace(steps: Pick<StoredTraceStep, "type" | "decision">[], tools: { status: string }[]): TraceSummary {
  const policy: Record<string, number> = {};
  let guardrailHits = 0;
  let grounded = 0;
  let notGrounded = 0;
  let escalations = 0;
  for (const s of steps) {
    if (s.type === "policy" && s.decision) policy[s.decision] = (policy[s.decision] ?? 0) + 1;
    else if (s.type === "guardrail" && (s.decision === "blocked" || s.decision === "flagged")) guardrailHits++;
    else if (s.type === "knowledge" && s.decision === "grounded") grounded++;
    else if (s.type === "knowledge") notGrounded++;
    else if (s.type === "escalation") escalations++;
  }
  return { policy, guardrailHits, toolCalls: tools.length, toolErrors: tools.filter((t) => t.status === "failed").length, knowledge: { grounded, notGrounded }, escalations };
}

const CSV_COLUMNS = [
  "id",
  "created_at",
  "channel",
  "status",
  "release",
  "journey",
  "turns",
  "transcript",
  "trace_summary",
  "tags",
  "notes",
  "human_scores",
  "ai_scores",
  "ai_outcome",
  "ai_sentiment",
  "ai_sentiment_label",
  "ai_topic",
  "ai_flags",
  "ai_ungrounded",
  "ai_rationales",
  "ai_judge",
] as const;

/** RFC 4180 quoting; a cell a spreadsheet would run as a formula (=, +, -, @) is prefixed with '. */
export function csvCell(value: unknown): string {
  let text = value === null || value === undefined ? "" : String(value);
  if (/^[=+\-@\t\r]/.test(text)) text = `'${text}`;
  return /[",\n\r]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

export function csvHeader(): string {
  return `${CSV_COLUMNS.join(",")}\r\n`;
}

export function csvRow(c: ExportedConversation): string {
  const t = c.trace;
  const trace = [
    `policy ${Object.entries(t.policy).map(([k, n]) => `${k} ${n}`).join(", ") || "none"}`,
    `guardrail hits ${t.guardrailHits}`,
    `tools ${t.toolCalls} (${t.toolErrors} failed)`,
    `knowledge ${t.knowledge.grounded} grounded, ${t.knowledge.notGrounded} not`,
    `escalations ${t.escalations}`,
  ].join("; ");
  const a = c.annotation;
  const cells = [
    c.id,
    c.createdAt,
    c.channel,
    c.status,
    c.release ?? "draft",
    c.journey ?? "",
    c.turns,
    c.transcript.map((m) => `${m.role}: ${m.text}`).join("\n"),
    trace,
    c.tags.join("; "),
    c.notes.map((n) => `${n.author}: ${n.text}`).join("\n"),
    Object.entries(c.scores.human).map(([k, v]) => `${k}=${v}`).join("; "),
    Object.entries(c.scores.ai).map(([k, v]) => `${k}=${v.value}`).join("; "),
    a?.outcome ?? "",
    a?.sentiment ?? "",
    a?.sentimentLabel ?? "",
    a?.topic ?? "",
    a?.flags.map((f) => `${f.kind}: ${f.rationale}`).join("\n") ?? "",
    a?.ungrounded.map((u) => `${u.claim} (${Math.round(u.support * 100)}%)`).join("\n") ?? "",
    a ? JSON.stringify(a.rationales) : "",
    a?.judge ?? "",
  ];
  return `${cells.map(csvCell).join(",")}\r\n`;
}

/** The export as text chunks: a header for CSV, then one line (JSONL) or record (CSV) per conversation. */
export async function* exportLines(ctx: WorkspaceCtx, filter: ExportFilter, format: ExportFormat): AsyncGenerator<string> {
  if (format === "csv") yield csvHeader();
  for await (const c of exportConversations(ctx, filter)) yield format === "csv" ? csvRow(c) : `${JSON.stringify(c)}\n`;
}
