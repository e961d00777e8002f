import "server-only";
import { generateText, type LanguageModel, Output } from "ai";
import { z } from "zod";

// With an llm provider, the clusters are named by the workspace's model in one call: each cluster's
// distinctive terms and a few of its customers' messages in, a short name per cluster out.

const namesSchema = z.object({
  topics: z.array(z.object({ id: z.number().int(), name: z.string().describe("2 to 5 words, what the customers wanted") })),
});
const namesOutput = Output.object({ schema: namesSchema, name: "nameTopics" });

const SYSTEM =
  "You name clusters of customer-service conversations for a support team's report. For each cluster, give a short name (2 to 5 words, sentence case) " +
  "saying what the customers wanted, e.g. \"Cancel an order\" or \"Return policy questions\". Use every id exactly once. Do not invent details the examples do not show.";

export interface ClusterSummary {
  id: number;
  terms: string[];
  examples: string[];
}

/** One name per cluster id; throws when the call fails or the answer leaves a cluster out. */
export async function nameTopics(model: LanguageModel, clusters: ClusterSummary[]): Promise<Map<number, string>> {
  const prompt = clusters
    .map((c) => `Cluster ${c.id}\n  distinctive terms: ${c.terms.join(", ")}\n  examples:\n${c.examples.map((e) => `  - ${e.slice(0, 200)}`).join("\n")}`)
    .join("\n\n");
  const result = await generateText({ model, temperature: 0, maxRetries: 1, system: SYSTEM, prompt, output: namesOutput });
  const names = new Map<number, string>();
  for (const t of result.output.topics) {
    const name = t.name.trim().slice(0, 80);
    if (name && clusters.some((c) => c.id === t.id)) names.set(t.id, name);
  }
  if (names.size !== clusters.length) throw new Error(`the model named ${names.size} of ${clusters.length} topics`);
  return names;
}
