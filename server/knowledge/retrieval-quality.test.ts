import { beforeAll, describe, expect, it } from "vitest";
import { retrievalCases, unanswerableQuestions } from "@/bench/retrieval/questions";
import { readDemoKnowledgeFiles } from "@/db/seed/knowledge";
import { localModels } from "@/server/agent/models";
import { answerFromKnowledgeBases } from "@/server/knowledge/answer";
import { drainIngestJobs } from "@/server/knowledge/jobs";
import { retrieve } from "@/server/knowledge/retrieve";
import { addDocuments } from "@/server/services/knowledge/add-documents";
import { createKnowledgeBase } from "@/server/services/knowledge/create-knowledge-base";
import { testDatabase } from "@/test/db";
import { makeWorkspace } from "@/test/factories";

// Floors set from the measured numbers (bench/README.md, "Retrieval quality"), a little below them.
const RECALL_AT_5_FLOOR = 0.9;
const MRR_FLOOR = 0.75;

describe("retrieval quality over the demo help centre", async () => {
  const { db } = await testDatabase();
  let workspaceId = "";
  let kbId = "";
  beforeAll(async () => {
    const { owner, workspace } = await makeWorkspace(db);
    const ctx = { db, userId: owner.id, workspace, role: "owner" as const };
    kbId = (await createKnowledgeBase(ctx, { name: "Help" })).id;
    workspaceId = workspace.id;
    await addDocuments(ctx, { knowledgeBaseId: kbId, files: await readDemoKnowledgeFiles() });
    await drainIngestJobs(db, { workspaceId });
  });

  it(`finds the expected section for ${retrievalCases.length} questions (recall@5, MRR)`, async () => {
    expect(retrievalCases.length).toBeGreaterThanOrEqual(50);
    let hits = 0;
    let reciprocal = 0;
    const misses: string[] = [];
    for (const c of retrievalCases) {
      const { chunks } = await retrieve(db, localModels.embed, { workspaceId, knowledgeBaseIds: [kbId], query: c.question, limit: 5 });
      const rank = chunks.findIndex((x) => x.documentTitle === c.document && x.sectionPath === c.section) + 1;
      if (rank > 0) {
        hits++;
        reciprocal += 1 / rank;
      }
      if (rank !== 1) misses.push(`${rank || "-"}  ${c.question} → ${chunks[0] ? `${chunks[0].documentTitle} / ${chunks[0].sectionPath}` : "nothing"}`);
    }
    const recall = hits / retrievalCases.length;
    const mrr = reciprocal / retrievalCases.length;
    console.info(`retrieval quality: recall@5 ${recall.toFixed(3)}, MRR ${mrr.toFixed(3)} over ${retrievalCases.length} questions\n${misses.join("\n")}`);
    expect(recall).toBeGreaterThanOrEqual(RECALL_AT_5_FLOOR);
    expect(mrr).toBeGreaterThanOrEqual(MRR_FLOOR);
  });

  it("answers questions the documents answer, citing the right document, and says it does not know otherwise", async () => {
    let grounded = 0;
    for (const c of retrievalCases) {
      const { answer } = await answerFromKnowledgeBases(db, localModels, { workspaceId, knowledgeBaseIds: [kbId], question: c.question });
      if (answer.grounded && answer.citations.some((x) => x.documentTitle === c.document)) grounded++;
    }
    console.info(`grounded and cited the expected document: ${grounded}/${retrievalCases.length}`);
    expect(grounded / retrievalCases.length).toBeGreaterThanOrEqual(0.8);
    for (const question of unanswerableQuestions) {
      const { answer, retrieval } = await answerFromKnowledgeBases(db, localModels, { workspaceId, knowledgeBaseIds: [kbId], question });
      expect({ question, grounded: answer.grounded, best: retrieval.chunks[0]?.scores.rerank }).toMatchObject({ grounded: false });
      expect(answer.citations).toEqual([]);
    }
  });
});
