import "server-only";
import { and, eq } from "drizzle-orm";
import { stringify as toYaml } from "yaml";
import { z } from "zod";
import { evalCases, evalSuites } from "@/db/schema";
import { caseDefinitionSchema, SUITE_FILE_VERSION, type SuiteFile, suiteFileSchema } from "@/lib/schemas/evals";
import { findUnsafeInput, unsafeInputMessage } from "@/lib/schemas/text";
import { loadDraftConfig } from "@/server/agent/config/load-draft-config";
import { conflict, invalid } from "@/server/errors";
import { getAgent } from "@/server/services/agents/agents";
import { recordAudit } from "@/server/services/audit/record-audit";
import type { WorkspaceCtx } from "@/server/services/context";
import { issueText, readDocument } from "@/server/services/files/read-document";
import { checkCaseAgainstAgent } from "./check-case";
import { findSuiteByName, getSuite, type Suite, suiteIdInput, suiteNameTaken, suiteSnapshot } from "./suites";

// A suite as a file (lib/schemas/evals.ts: `switchback: eval-suite`, version 1), for `switchback eval
// export / import` and the studio. Names, not ids: a file moves between agents and workspaces.

export const MAX_SUITE_FILE_BYTES = 5 * 1024 * 1024;

export const importSuiteInput = z.object({
  agentId: z.uuid("Unknown agent id"),
  // Not trimmed: leading lines count in the line numbers of syntax errors.
  content: z
    .string()
    .max(MAX_SUITE_FILE_BYTES, `A suite file is at most ${MAX_SUITE_FILE_BYTES / 1024 / 1024} MB: split it into several suites`)
    .refine((text) => text.trim().length > 0, "Paste a suite file or pick it"),
  /** A suite of the same name has its description, gating and cases replaced by the file's. */
  replace: z.boolean().default(false),
});

/**
 * Reads a suite file (JSON or YAML) and checks it against suiteFileSchema. Every problem is an `invalid`
 * error that says where, e.g. `The file is not valid YAML (line 4, column 3): …` or
 * `suite.cases[3].definition.expectations[0].kind: …`. Nothing here reads the agent or the database.
 */
export function parseSuiteFile(content: string): SuiteFile {
  const bytes = Buffer.byteLength(content, "utf8");
  if (bytes > MAX_SUITE_FILE_BYTES) throw invalid(`The file is larger than ${MAX_SUITE_FILE_BYTES / 1024 / 1024} MB, the most a suite file may be: split it into several suites`);
  const raw = readDocument(content);
  const unsafe = findUnsafeInput(raw);
  if (unsafe) throw invalid(unsafeInputMessage(unsafe));
  checkHeader(raw);
  const parsed = suiteFileSchema.safeParse(raw);
  if (!parsed.success) throw invalid(issueText(parsed.error, []));
  return parsed.data;
}

function checkHeader(raw: unknown) {
  const doc = typeof raw === "object" && raw !== null && !Array.isArray(raw) ? (raw as Record<string, unknown>) : null;
  if (doc?.switchback !== "eval-suite") throw invalid('This is not a Switchback suite file: it needs "switchback: eval-suite" at the top');
  const version = doc.version;
  if (typeof version !== "number" || !Number.isInteger(version) || version < 1) throw invalid(`version: expected a whole number (this app reads ${SUITE_FILE_VERSION}), not ${JSON.stringify(version)}`);
  if (version > SUITE_FILE_VERSION) throw invalid(`version ${version} is newer than this app reads (${SUITE_FILE_VERSION}): update Switchback, or export again from a version that writes ${SUITE_FILE_VERSION}`);
}

const fileSlug = (name: string) =>
  name
    .toLowerCase()
    .normalize("NFKD")
    .replace(/[^a-z0-9]+/g, "-")
    .replace(/^-+|-+$/g, "")
    .slice(0, 60) || "suite";

/** What an empty default says anyway stays out of the file: it reads like what a person would write. */
const withoutEmpty = (o: Record<string, unknown>) =>
  Object.fromEntries(Object.entries(o).filter(([, v]) => !(v === null || v === "" || (Array.isArray(v) && v.length === 0) || (typeof v === "object" && v !== null && Object.keys(v).length === 0))));

/** The suite as YAML, in a stable order: the schema's keys, cases by position. */
export async function exportSuite(ctx: WorkspaceCtx, input: z.input<typeof suiteIdInput>): Promise<{ filename: string; mediaType: string; content: string }> {
  const suite = await getSuite(ctx, input);
  const document = {
    switchback: "eval-suite",
    version: SUITE_FILE_VERSION,
    suite: {
      name: suite.name,
      ...withoutEmpty({ description: suite.description }),
      gating: suite.gating,
      cases: suite.cases.map((c) => {
        // Re-parsed for the schema's key order (jsonb keeps its own); a definition an older schema wrote goes as stored.
        const parsed = caseDefinitionSchema.safeParse(c.definition);
        const definition = parsed.success ? withoutEmpty(parsed.data) : c.definition;
        return { name: c.name, ...withoutEmpty({ description: c.description, knownFailure: c.knownFailure }), definition };
      }),
    },
  };
  return { filename: `${fileSlug(suite.name)}.eval.yaml`, mediaType: "application/yaml", content: toYaml(document, { lineWidth: 0 }) };
}

/**
 * Imports a suite file into the agent. Every case is checked against the agent's draft before anything is
 * written; then the suite and its cases are written in one transaction, so an error leaves nothing
 * half-imported. A suite of the same name (whatever its case) is a conflict, unless `replace`: then its
 * description, gating and cases become the file's (its past runs stay).
 */
export async function importSuite(ctx: WorkspaceCtx, input: z.input<typeof importSuiteInput>): Promise<{ suiteId: string; name: string; cases: number; replaced: boolean }> {
  const { agentId, content, replace } = importSuiteInput.parse(input);
  const agent = await getAgent(ctx, agentId);
  const { suite: file } = parseSuiteFile(content);
  const config = await loadDraftConfig(ctx.db, { workspaceId: ctx.workspace.id, agentId: agent.id });
  file.cases.forEach((c, i) => checkCaseAgainstAgent(config, c.definition, `suite.cases[${i}].definition`));

  return ctx.db.transaction(async (tx) => {
    const ws = ctx.workspace.id;
    const existing = await findSuiteByName(tx, ctx, { agentId: agent.id, name: file.name });
    if (existing && !replace) throw conflict(`This agent already has a suite called "${file.name}": import with replace (--replace in the CLI) to overwrite its cases, or rename the suite in the file`);
    const fields = { name: file.name, description: file.description, gating: file.gating };
    let removed = 0;
    let suite: Suite | undefined;
    if (existing) {
      removed = (await tx.delete(evalCases).where(and(eq(evalCases.suiteId, existing.id), eq(evalCases.workspaceId, ws))).returning({ id: evalCases.id })).length;
      [suite] = await tx
        .update(evalSuites)
        .set({ ...fields, updatedAt: new Date() })
        .where(and(eq(evalSuites.id, existing.id), eq(evalSuites.workspaceId, ws)))
        .returning();
    } else {
      // A concurrent create of the same name meets the unique index: nothing is inserted.
      [suite] = await tx
        .insert(evalSuites)
        .values({ workspaceId: ws, agentId: agent.id, ...fields, createdBy: ctx.userId })
        .onConflictDoNothing()
        .returning();
      if (!suite) throw suiteNameTaken(file.name);
    }
    if (file.cases.length > 0) {
      await tx.insert(evalCases).values(
        file.cases.map((c, position) => ({ workspaceId: ws, suiteId: suite!.id, name: c.name, description: c.description, knownFailure: c.knownFailure, definition: c.definition, position })),
      );
    }
    await recordAudit(tx, {
      workspaceId: ws,
      actorId: ctx.userId,
      action: "eval_suite.import",
      targetType: "eval_suite",
      targetId: suite!.id,
      before: existing ? { ...suiteSnapshot(existing), cases: removed } : undefined,
      after: { ...suiteSnapshot(suite!), cases: file.cases.length },
    });
    return { suiteId: suite!.id, name: suite!.name, cases: file.cases.length, replaced: existing !== null };
  });
}
