import "server-only";
import { sql } from "drizzle-orm";
import type { Db, Tx } from "@/db/client";
import { questionTerms, rerankScore } from "./rerank";
import { rowsOf, vectorLiteral } from "./sql-rows";

/** Candidates taken from each index before fusion. */
const CANDIDATES = 40;
/** Reciprocal-rank fusion constant (Cormack et al.): damps the head of each list. */
const RRF_K = 60;
/**
 * At most this many full-text matches are ranked. Only questions made of very common words match more,
 * and their lexical ranking carries little signal (the vector side finds those); ranking every match of
 * such a query costs O(tenant size) (bench/README.md).
 */
const LEXICAL_SCAN_CAP = 500;
/** HNSW breadth: enough for recall ≥ 0.95 of exact search at 100k chunks (bench/retrieval). */
export const EF_SEARCH = 100;
/**
 * A chunk must reach this rerank score (0..1) to ground an answer. Set from the demo question set
 * (bench/retrieval/questions.ts): answered questions' best chunk scores above it, unanswerable ones below.
 */
export const GROUNDING_THRESHOLD = 0.42;

export interface ChunkScores {
  vector: number | null; // cosine similarity, when the chunk was a vector candidate
  vectorRank: number | null;
  lexical: number | null; // ts_rank_cd (normalised 0..1), when a lexical candidate
  lexicalRank: number | null;
  fused: number;
  rerank: number;
}

export interface RetrievedChunk {
  id: string;
  documentId: string;
  knowledgeBaseId: string;
  documentTitle: string;
  sectionPath: string;
  text: string;
  scores: ChunkScores;
  passed: boolean;
}

export interface Retrieval {
  query: string;
  /** The best candidates after reranking, passed or not (the search panel shows both). */
  chunks: RetrievedChunk[];
  /** Those at or above the grounding threshold. */
  passed: RetrievedChunk[];
  threshold: number;
  durationMs: number;
}

export interface RetrieveInput {
  workspaceId: string;
  knowledgeBaseIds: string[];
  query: string;
  limit?: number;
  threshold?: number;
  /** Brute-force vector search instead of HNSW: the benchmark's reference for recall. */
  exact?: boolean;
}

type Row = {
  id: string;
  document_id: string;
  knowledge_base_id: string;
  title: string;
  section_path: string;
  text: string;
  distance: number | string;
  vec_distance: number | string | null;
  lex_rank: number | string | null;
};

/**
 * Hybrid retrieval (DESIGN §5): HNSW cosine top-k and full-text top-k, each filtered in SQL by workspace,
 * knowledge base and the document's active version, fused with reciprocal-rank fusion, reranked, and
 * cut at the grounding threshold.
 */
export async function retrieve(db: Db | Tx, embed: (texts: string[]) => Promise<number[][]>, input: RetrieveInput): Promise<Retrieval> {
  const started = performance.now();
  const query = input.query.trim().slice(0, 1000);
  const threshold = input.threshold ?? GROUNDING_THRESHOLD;
  if (!query || input.knowledgeBaseIds.length === 0) return { query, chunks: [], passed: [], threshold, durationMs: 0 };
  const [embedding] = await embed([query]);
  const vec = vectorLiteral(embedding!);
  const kbs = sql.join(input.knowledgeBaseIds.map((id) => sql`${id}::uuid`), sql`, `);
  const scope = sql`c.workspace_id = ${input.workspaceId}::uuid and c.knowledge_base_id in (${kbs})
    and exists (select 1 from documents d where d.id = c.document_id and d.workspace_id = c.workspace_id and d.active_version = c.version)`;
  // websearch_to_tsquery ANDs every word; a question rarely shares all of them with its answer, so the
  // lexemes are OR-ed (they are stemmed already, hence the 'simple' configuration on the way back).
  const tsquery = sql`to_tsquery('simple', replace(websearch_to_tsquery('english', ${query})::text, ' & ', ' | '))`;

  const rows = await db.transaction(async (tx) => {
    // Iterative scans keep walking the HNSW graph until enough rows pass the workspace filter.
    await tx.execute(sql`select set_config('hnsw.ef_search', ${String(EF_SEARCH)}, true), set_config('hnsw.iterative_scan', 'relaxed_order', true)`);
    if (input.exact) await tx.execute(sql`select set_config('enable_indexscan', 'off', true)`);
    return rowsOf<Row>(
      await tx.execute(sql`
        with vec as (
          select c.id, c.embedding <=> ${vec}::vector as distance from chunks c
          where ${scope} order by c.embedding <=> ${vec}::vector limit ${CANDIDATES}
        ), lex as (
          select id, ts_rank_cd(search, q, 32) as rank from (
            select c.id, c.search, q from chunks c, ${tsquery} q where ${scope} and c.search @@ q limit ${LEXICAL_SCAN_CAP}
          ) matched order by rank desc limit ${CANDIDATES}
        ), ids as (select id from vec union select id from lex)
        select c.id, c.document_id, c.knowledge_base_id, d.title, c.section_path, c.text,
          c.embedding <=> ${vec}::vector as distance, vec.distance as vec_distance, lex.rank as lex_rank
        from ids join chunks c on c.id = ids.id join documents d on d.id = c.document_id and d.workspace_id = c.workspace_id
        left join vec on vec.id = c.id left join lex on lex.id = c.id`),
    );
  });

  const vectorRanks = rankBy(rows.filter((r) => r.vec_distance !== null), (r) => -Number(r.vec_distance));
  const lexicalRanks = rankBy(rows.filter((r) => r.lex_rank !== null), (r) => Number(r.lex_rank));
  const terms = questionTerms(query);
  const scored = rows.map((r): RetrievedChunk => {
    const vectorRank = vectorRanks.get(r.id) ?? null;
    const lexicalRank = lexicalRanks.get(r.id) ?? null;
    const fused = (vectorRank ? 1 / (RRF_K + vectorRank) : 0) + (lexicalRank ? 1 / (RRF_K + lexicalRank) : 0);
    const similarity = 1 - Number(r.distance);
    const rerank = rerankScore(terms, { sectionPath: r.section_path, text: r.text }, similarity);
    return {
      id: r.id,
      documentId: r.document_id,
      knowledgeBaseId: r.knowledge_base_id,
      documentTitle: r.title,
      sectionPath: r.section_path,
      text: r.text,
      scores: {
        vector: r.vec_distance === null ? null : 1 - Number(r.vec_distance),
        vectorRank,
        lexical: r.lex_rank === null ? null : Number(r.lex_rank),
        lexicalRank,
        fused,
        rerank,
      },
      passed: rerank >= threshold,
    };
  });
  // Rerank the fused head only: fusion decides who is a candidate, the reranker orders them.
  const head = scored.sort((a, b) => b.scores.fused - a.scores.fused).slice(0, CANDIDATES / 2);
  const chunks = head.sort((a, b) => b.scores.rerank - a.scores.rerank || b.scores.fused - a.scores.fused).slice(0, input.limit ?? 5);
  return { query, chunks, passed: chunks.filter((c) => c.passed), threshold, durationMs: performance.now() - started };
}

function rankBy<T extends { id: string }>(rows: T[], score: (r: T) => number): Map<string, number> {
  return new Map([...rows].sort((a, b) => score(b) - score(a)).map((r, i) => [r.id, i + 1]));
}
