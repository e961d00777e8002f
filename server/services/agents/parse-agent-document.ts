import "server-only";
import type { z } from "zod";
import { AGENT_EXPORT_VERSION, type AgentDocument, agentDocumentSchema, MAX_AGENT_EXPORT_BYTES } from "@/lib/schemas/agent-export";
import { policySchema } from "@/lib/schemas/policy";
import { findUnsafeInput, unsafeInputMessage } from "@/lib/schemas/text";
import { httpToolSchema } from "@/lib/schemas/tool";
import { invalid } from "@/server/errors";
import { issueText, readDocument } from "@/server/services/files/read-document";

/**
 * Reads an agent export (JSON or YAML) and checks it against the document's schema, each policy against
 * policySchema and each tool against httpToolSchema. Every problem is an `invalid` error that says where
 * it is, e.g. `journeys[2].graph.nodes[0].type: …` or `tools.get_order: …`. Nothing here touches the
 * database: the import's services check what depends on the agent (lookups, fact types) when saving.
 */
export function parseAgentDocument(content: string): AgentDocument {
  const bytes = Buffer.byteLength(content, "utf8");
  if (bytes > MAX_AGENT_EXPORT_BYTES) throw invalid(`The file is ${(bytes / 1024 / 1024).toFixed(1)} MB; an agent export is at most ${MAX_AGENT_EXPORT_BYTES / 1024 / 1024} MB`);
  const raw = readDocument(content);
  const unsafe = findUnsafeInput(raw);
  if (unsafe) throw invalid(unsafeInputMessage(unsafe));
  checkHeader(raw);
  const parsed = agentDocumentSchema.safeParse(raw);
  if (!parsed.success) throw invalid(issueText(parsed.error, ["agent"]));
  const { agent } = parsed.data;
  for (const [key, definition] of Object.entries(agent.policies)) checkEntry("policies", key, definition, policySchema, "key");
  for (const [name, definition] of Object.entries(agent.tools)) checkEntry("tools", name, definition, httpToolSchema, "name");
  const policyKeys = new Set(Object.keys(agent.policies));
  agent.policyTests.forEach((test, i) => {
    if (!policyKeys.has(test.policy)) throw invalid(`policyTests[${i}].policy: there is no policy ${test.policy} in this file`);
  });
  return parsed.data;
}

function checkHeader(raw: unknown) {
  const doc = typeof raw === "object" && raw !== null && !Array.isArray(raw) ? (raw as Record<string, unknown>) : null;
  if (doc?.switchback !== "agent") throw invalid('This is not a Switchback agent export: it needs "switchback: agent" at the top');
  const version = doc.version;
  if (typeof version !== "number" || !Number.isInteger(version) || version < 1) throw invalid(`version: expected a whole number (this app reads ${AGENT_EXPORT_VERSION}), not ${JSON.stringify(version)}`);
  if (version > AGENT_EXPORT_VERSION) throw invalid(`version ${version} is newer than this app reads (${AGENT_EXPORT_VERSION}): update Switchback, or export again from a version that writes ${AGENT_EXPORT_VERSION}`);
}

/** A policy (by key) or tool (by name): its own schema, and the entry's key agreeing with the definition. */
function checkEntry(section: "policies" | "tools", id: string, definition: unknown, schema: z.ZodType, idField: "key" | "name") {
  const place = `${section}.${id}`;
  const parsed = schema.safeParse(definition);
  if (!parsed.success) throw invalid(issueText(parsed.error, [], place));
  const own = (parsed.data as Record<string, unknown>)[idField];
  if (own !== id) throw invalid(`${place}: its ${idField} is ${JSON.stringify(own)}; the entry and the definition must agree`);
}
