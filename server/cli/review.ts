import "server-only";
import { createWriteStream } from "node:fs";
import { once } from "node:events";
import type { Writable } from "node:stream";
import type { Db } from "@/db/client";
import { exportFormats, type ExportFormat } from "@/lib/schemas/annotation";
import { invalid } from "@/server/errors";
import { annotatePending, countPending } from "@/server/services/annotation/annotate-pending";
import { exportLines } from "@/server/services/annotation/export-conversations";
import { resolveCliTarget } from "./cli-target";

/** The subcommands of `switchback review`; main.ts registers each as `review <subcommand>`. */
export type ReviewSubcommand = "export" | "annotate";

/** Where the command writes: the export to `stdout` (unless --out), progress and summaries to `stderr`. */
export interface ReviewCliIo {
  stdout: Writable;
  stderr: Writable;
}

/**
 * `switchback review <subcommand>`: checks the options first, then opens the database (a usage error
 * does not wait for the embedded database). Returns the summary main.ts prints, empty when the export
 * itself went to stdout (its summary then goes to stderr, so stdout stays valid JSONL or CSV).
 */
export async function reviewFromCli(openDb: () => Promise<Db>, subcommand: ReviewSubcommand, opts: Record<string, string | undefined>, io: ReviewCliIo): Promise<string> {
  if (!opts.agent) throw invalid("--agent is required: the agent's slug (e.g. retail-support)");
  const since = parseSince(opts.since);
  const target = { agentSlug: opts.agent, workspaceSlug: opts.workspace };
  if (subcommand === "annotate") {
    const { ctx, agentId } = await resolveCliTarget(await openDb(), target);
    const scope = { workspaceId: ctx.workspace.id, agentId, since };
    const total = await countPending(ctx.db, scope);
    if (total === 0) return `Nothing to annotate: every ended conversation of ${opts.agent}${since ? ` since ${opts.since}` : ""} has an up-to-date annotation.`;
    const outcomes = new Map<string, number>();
    const ids = await annotatePending(ctx.db, {
      ...scope,
      limit: total,
      onBatch: (done, batch) => {
        for (const r of batch) outcomes.set(r.outcome, (outcomes.get(r.outcome) ?? 0) + 1);
        io.stderr.write(`annotated ${done}/${total}\n`);
      },
    });
    const counts = [...outcomes.entries()].map(([k, n]) => `${n} ${k}`).join(", ");
    return `Annotated ${ids.length} conversation${ids.length === 1 ? "" : "s"} of ${opts.agent} (${counts}).`;
  }
  const format = opts.format as ExportFormat | undefined;
  if (!format || !exportFormats.includes(format)) throw invalid(`--format is required: jsonl or csv${opts.format ? ` (not ${opts.format})` : ""}`);
  const { ctx, agentId } = await resolveCliTarget(await openDb(), target);
  const sink = opts.out ? createWriteStream(opts.out) : io.stdout;
  // Chunks are a CSV header, then one per conversation.
  let count = format === "csv" ? -1 : 0;
  try {
    for await (const chunk of exportLines(ctx, { agentId, from: since }, format)) {
      count++;
      // Respect back-pressure: a slow pipe never buffers the whole export.
      if (!sink.write(chunk)) await once(sink, "drain");
    }
  } finally {
    if (opts.out) {
      sink.end();
      await once(sink, "finish");
    }
  }
  const summary = `Exported ${count} conversation${count === 1 ? "" : "s"} of ${opts.agent} as ${format.toUpperCase()}`;
  if (opts.out) return `${summary} to ${opts.out}.`;
  io.stderr.write(`${summary}.\n`);
  return "";
}

function parseSince(value: string | undefined): Date | undefined {
  if (value === undefined) return undefined;
  const date = /^\d{4}-\d{2}-\d{2}$/.test(value) ? new Date(`${value}T00:00:00Z`) : new Date(value);
  if (Number.isNaN(date.getTime())) throw invalid(`--since must be a date, e.g. 2026-11-01 or 2026-11-01T09:00:00Z (not ${value})`);
  return date;
}
