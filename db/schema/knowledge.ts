import { sql } from "drizzle-orm";
import { customType, foreignKey, halfvec, index, integer, jsonb, pgTable, text, timestamp, unique, uuid, vector } from "drizzle-orm/pg-core";
import { workspaces } from "./workspaces";

const tsvector = customType<{ data: string }>({ dataType: () => "tsvector" });
const bytea = customType<{ data: Buffer }>({ dataType: () => "bytea" });

export const knowledgeBases = pgTable(
  "knowledge_bases",
  {
    id: uuid().primaryKey().defaultRandom(),
    workspaceId: uuid().notNull().references(() => workspaces.id, { onDelete: "cascade" }),
    name: text().notNull(),
    description: text().notNull().default(""),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [unique().on(t.id, t.workspaceId), index().on(t.workspaceId)],
);

/**
 * A document and its versions: `activeVersion` is what queries read; a re-upload ingests into
 * `activeVersion + 1` and flips the pointer when ready, so answers never see a half-built index.
 */
export const documents = pgTable(
  "documents",
  {
    id: uuid().primaryKey().defaultRandom(),
    workspaceId: uuid().notNull(),
    knowledgeBaseId: uuid().notNull(),
    title: text().notNull(),
    source: text().notNull(), // upload | url
    sourceUrl: text(),
    filename: text(),
    mimeType: text().notNull(),
    contentHash: text().notNull(),
    content: bytea(),
    sizeBytes: integer().notNull(),
    status: text().notNull().default("queued"), // queued | processing | ready | failed
    error: text(),
    progress: integer().notNull().default(0), // 0..100
    // Indexing progress in chunks: the pending version's chunks with an embedding, of its total (null before chunking).
    chunksEmbedded: integer().notNull().default(0),
    chunksTotal: integer(),
    // Who it answers: only "customer" documents ground replies to customers; "internal" ones are for builders.
    audience: text().notNull().default("customer"), // customer | internal
    pageCount: integer(),
    activeVersion: integer(),
    pendingVersion: integer(),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    foreignKey({ columns: [t.knowledgeBaseId, t.workspaceId], foreignColumns: [knowledgeBases.id, knowledgeBases.workspaceId] }).onDelete("cascade"),
    unique().on(t.id, t.workspaceId),
    index().on(t.workspaceId, t.knowledgeBaseId),
  ],
);

export const chunks = pgTable(
  "chunks",
  {
    id: uuid().primaryKey().defaultRandom(),
    workspaceId: uuid().notNull(),
    knowledgeBaseId: uuid().notNull(),
    documentId: uuid().notNull(),
    version: integer().notNull(),
    ordinal: integer().notNull(),
    sectionPath: text().notNull().default(""),
    text: text().notNull(),
    contentHash: text().notNull(),
    embedding: vector({ dimensions: 384 }).notNull(),
    // Half-precision copy for the exact per-tenant scan: retrieval reads it from a covering index
    // (chunks_tenant_vectors_index, migration 0006) without touching the table (bench/README.md).
    embeddingHalf: halfvec({ dimensions: 384 }).generatedAlwaysAs(sql`embedding::halfvec(384)`),
    search: tsvector().generatedAlwaysAs(sql`to_tsvector('english', section_path || ' ' || text)`),
    metadata: jsonb().$type<Record<string, unknown>>().notNull().default({}),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    foreignKey({ columns: [t.documentId, t.workspaceId], foreignColumns: [documents.id, documents.workspaceId] }).onDelete("cascade"),
    index().on(t.workspaceId, t.knowledgeBaseId),
    index().on(t.documentId, t.version),
    index().using("hnsw", t.embedding.op("vector_cosine_ops")),
    index().using("gin", t.search),
  ],
);
