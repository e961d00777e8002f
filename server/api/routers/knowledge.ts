import { z } from "zod";
import {
  createKnowledgeBaseInput,
  documentIdInput,
  importUrlInput,
  knowledgeBaseIdInput,
  listChunksInput,
  renameKnowledgeBaseInput,
  searchKnowledgeInput,
  setDocumentAudienceInput,
  updateAgentKnowledgeInput,
} from "@/lib/schemas/knowledge";
import { createTRPCRouter, requirePermission } from "@/server/api/trpc";
import { getAgentKnowledge } from "@/server/services/knowledge/agent-knowledge";
import { createKnowledgeBase } from "@/server/services/knowledge/create-knowledge-base";
import { deleteDocument } from "@/server/services/knowledge/delete-document";
import { deleteKnowledgeBase } from "@/server/services/knowledge/delete-knowledge-base";
import { getDocument } from "@/server/services/knowledge/get-document";
import { getKnowledgeBase } from "@/server/services/knowledge/get-knowledge-base";
import { importUrl } from "@/server/services/knowledge/import-url";
import { listChunks } from "@/server/services/knowledge/list-chunks";
import { listDocuments } from "@/server/services/knowledge/list-documents";
import { listKnowledgeBases } from "@/server/services/knowledge/list-knowledge-bases";
import { renameKnowledgeBase } from "@/server/services/knowledge/rename-knowledge-base";
import { searchKnowledge } from "@/server/services/knowledge/search-knowledge";
import { setDocumentAudience } from "@/server/services/knowledge/set-document-audience";
import { updateAgentKnowledge } from "@/server/services/knowledge/update-agent-knowledge";

// Reading knowledge is reading the agent's configuration; changing it needs knowledge:write.
const read = requirePermission("agents:read");
const write = requirePermission("knowledge:write");

export const knowledgeRouter = createTRPCRouter({
  list: read.query(({ ctx }) => listKnowledgeBases(ctx)),
  get: read.input(knowledgeBaseIdInput).query(({ ctx, input }) => getKnowledgeBase(ctx, input)),
  create: write.input(createKnowledgeBaseInput).mutation(({ ctx, input }) => createKnowledgeBase(ctx, input)),
  rename: write.input(renameKnowledgeBaseInput).mutation(({ ctx, input }) => renameKnowledgeBase(ctx, input)),
  delete: write.input(knowledgeBaseIdInput).mutation(({ ctx, input }) => deleteKnowledgeBase(ctx, input)),
  documents: read.input(knowledgeBaseIdInput).query(({ ctx, input }) => listDocuments(ctx, input)),
  document: read.input(documentIdInput).query(({ ctx, input }) => getDocument(ctx, input)),
  deleteDocument: write.input(documentIdInput).mutation(({ ctx, input }) => deleteDocument(ctx, input)),
  setAudience: write.input(setDocumentAudienceInput).mutation(({ ctx, input }) => setDocumentAudience(ctx, input)),
  importUrl: write.input(importUrlInput).mutation(({ ctx, input }) => importUrl(ctx, input)),
  chunks: read.input(listChunksInput).query(({ ctx, input }) => listChunks(ctx, input)),
  search: read.input(searchKnowledgeInput).query(({ ctx, input }) => searchKnowledge(ctx, input)),
  agentSettings: read.input(z.object({ agentId: z.uuid("Unknown agent id") })).query(({ ctx, input }) => getAgentKnowledge(ctx, input)),
  updateAgentSettings: write.input(updateAgentKnowledgeInput).mutation(({ ctx, input }) => updateAgentKnowledge(ctx, input)),
});
