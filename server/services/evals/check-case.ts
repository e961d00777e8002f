import "server-only";
import type { CaseDefinition } from "@/lib/schemas/evals";
import type { AgentConfig } from "@/server/agent/config/agent-config";
import { invalid } from "@/server/errors";

// Rule ids the gate itself decides by, besides a policy's own rules (server/agent/policy/gate.ts,
// decide-write.ts, evaluate.ts): a case may expect any of them on any write.
const GATE_RULES = ["default", "no-policy", "invalid-arguments", "facts-unavailable", "tool-requires-confirmation"];

const list = (names: string[]) => (names.length ? names.map((n) => `"${n}"`).join(", ") : "none");

/**
 * Checks a case (already valid by caseDefinitionSchema) against the agent it tests: the tools, journeys and
 * policy rules it names exist, so a typo is an error when the case is saved rather than a failure on
 * every run. `where` prefixes the places in messages, e.g. `suite.cases[3].definition` in an import.
 * Journeys are the enabled ones: a disabled journey is never routed to.
 */
export function checkCaseAgainstAgent(config: Pick<AgentConfig, "tools" | "policies" | "journeys" | "storeId">, definition: CaseDefinition, where = ""): void {
  const at = (path: string) => (where ? `${where}.${path}` : path);
  const toolNames = Object.keys(config.tools).sort();
  const requireTool = (name: string, place: string) => {
    if (!config.tools[name]) throw invalid(`${at(place)}: the agent has no tool "${name}" (its tools: ${list(toolNames)})`);
  };

  if (definition.tools === "sandbox" && !config.storeId) {
    throw invalid(`${at("tools")}: sandbox needs the demo store and this agent has none; use mocks (tools: mock) for its tools`);
  }
  definition.mocks.forEach((mock, i) => requireTool(mock.tool, `mocks[${i}].tool`));

  definition.expectations.forEach((e, i) => {
    const place = `expectations[${i}]`;
    if (e.kind === "tool_called" || e.kind === "tool_not_called") requireTool(e.tool, `${place}.tool`);
    if (e.kind === "journey") {
      const names = config.journeys.map((j) => j.name);
      if (!names.some((n) => n.toLowerCase() === e.journey.toLowerCase())) throw invalid(`${at(`${place}.journey`)}: the agent has no enabled journey "${e.journey}" (its journeys: ${list(names)})`);
    }
    if (e.kind === "decision") {
      requireTool(e.tool, `${place}.tool`);
      const tool = config.tools[e.tool]!;
      if (tool.kind !== "write") {
        const writes = toolNames.filter((n) => config.tools[n]!.kind === "write");
        throw invalid(`${at(`${place}.tool`)}: "${e.tool}" is a read, and the gate decides only on writes (the agent's writes: ${list(writes)})`);
      }
      if (e.rule) {
        const policy = tool.policyKey ? config.policies[tool.policyKey] : undefined;
        const rules = [...(policy?.rules.map((r) => r.id) ?? []), ...GATE_RULES];
        if (!rules.includes(e.rule)) {
          const whose = policy ? `policy "${tool.policyKey}" of "${e.tool}"` : `"${e.tool}", which has no policy,`;
          throw invalid(`${at(`${place}.rule`)}: ${whose} has no rule "${e.rule}" (its rules: ${list(rules)})`);
        }
      }
    }
  });
}
