import "server-only";
import { type SQL, sql } from "drizzle-orm";
import type { Db, Tx } from "@/db/client";
import type { DocumentAudience } from "@/lib/schemas/knowledge";
import type { KnowledgeVersion } from "@/server/agent/config/agent-config";
import { questionTerms, rerankScore } from "./rerank";
import { rowsOf } from "@/db/rows";
import { vectorLiteral } from "./sql-rows";

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
/**
 * Knowledge bases up to this many chunks (together) are searched exactly: an index-only scan of their
 * half-precision vectors (chunks_tenant_vectors_index), ~0.8 ms per 1,000 chunks, recall 1. HNSW over the
 * whole table filtered down to one tenant misses true neighbours (recall@10 0.59 at 10k of 100k chunks,
 * bench/README.md), so it only serves tenants too large to scan.
 */
export const EXACT_SCAN_MAX_CHUNKS = 30_000;
/** HNSW breadth for tenants above EXACT_SCAN_MAX_CHUNKS. */
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
  audience: DocumentAudience;
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
  /** How the vector side finds candidates; `auto` unless measuring (bench/retrieval) or testing a path. */
  vectorSearch?: VectorSearch;
  /** A release's frozen document versions; without them, each document's active version is read. */
  versions?: KnowledgeVersion[];
  /**
   * Whose question it is: a customer's (the default) reads customer-facing documents only; "any" also reads
   * internal ones, for builders in the studio. Checked on the live document, so marking one internal stops
   * it answering at once, in every release.
   */
  audience?: RetrievalAudience;
}

export type RetrievalAudience = "customer" | "any";

type Row = {
  id: string;
  document_id: string;
  knowledge_base_id: string;
  title: string;
  audience: DocumentAudience;
  section_path: string;
  text: string;
  distance: number | string;
  /** Whether the chunk is of a version the tenant reads (always, except from the exact scan). */
  active: boolean;
  lex_rank?: number | string;
};

/**
 * How the vector side finds its candidates: `auto` scans small tenants exactly and uses HNSW above
 * EXACT_SCAN_MAX_CHUNKS; `hnsw` always uses HNSW; `exact` is brute force without any index, the
 * benchmark's reference for recall.
 */
export type VectorSearch = "auto" | "hnsw" | "exact";

/**
 * Hybrid retrieval (DESIGN §5): nearest vectors and full-text top-k, each filtered in SQL by workspace,
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
  const tenant = { workspaceId: input.workspaceId, knowledgeBaseIds: input.knowledgeBaseIds, versions: input.versions, audience: input.audience ?? "customer" };
  const size = await tenantSize(db, tenant);
  // Independent queries: on a server they run on two connections at once.
  const [vectorRows, lexicalRows] = await Promise.all([
    nearestChunks(db, tenant, vec, { limit: CANDIDATES, search: input.vectorSearch ?? "auto" }),
    lexicalCandidates(db, tenant, vec, query, size),
  ]);
  const rows = new Map<string, Row>();
  for (const r of [...vectorRows, ...lexicalRows]) rows.set(r.id, { ...rows.get(r.id), ...r });
  const vectorIds = new Set(vectorRows.map((r) => r.id));

  // Vector ranks come from full-precision distances, whichever index produced the candidates.
  const vectorRanks = rankBy(vectorRows, (r) => -Number(r.distance));
  const lexicalRanks = rankBy(lexicalRows, (r) => Number(r.lex_rank));
  const fused = [...rows.values()].map((r) => {
    const vectorRank = vectorRanks.get(r.id) ?? null;
    const lexicalRank = lexicalRanks.get(r.id) ?? null;
    return { r, vectorRank, lexicalRank, fused: (vectorRank ? 1 / (RRF_K + vectorRank) : 0) + (lexicalRank ? 1 / (RRF_K + lexicalRank) : 0) };
  });
  // Rerank the fused head only: fusion decides who is a candidate, the reranker orders them (and reranking
  // all 80 candidates would cost more than both queries).
  const terms = questionTerms(query);
  const head = fused
    .sort((a, b) => b.fused - a.fused)
    .slice(0, CANDIDATES / 2)
    .map(({ r, vectorRank, lexicalRank, fused }): RetrievedChunk => {
      const similarity = 1 - Number(r.distance);
      const rerank = rerankScore(terms, { sectionPath: r.section_path, text: r.text }, similarity);
      return {
        id: r.id,
        documentId: r.document_id,
        knowledgeBaseId: r.knowledge_base_id,
        documentTitle: r.title,
        audience: r.audience,
        sectionPath: r.section_path,
        text: r.text,
        scores: {
          vector: vectorIds.has(r.id) ? similarity : null,
          vectorRank,
          lexical: r.lex_rank === undefined ? null : Number(r.lex_rank),
          lexicalRank,
          fused,
          rerank,
        },
        passed: rerank >= threshold,
      };
    });
  const chunks = head.sort((a, b) => b.scores.rerank - a.scores.rerank || b.scores.fused - a.scores.fused).slice(0, input.limit ?? 5);
  return { query, chunks, passed: chunks.filter((c) => c.passed), threshold, durationMs: performance.now() - started };
}

interface Tenant {
  workspaceId: string;
  knowledgeBaseIds: string[];
  versions?: KnowledgeVersion[];
  /** Customer (the default) unless "any". */
  audience?: RetrievalAudience;
}

/** The tenant's chunks (alias `c`), whatever their version. */
function tenantChunks(tenant: Tenant) {
  const kbs = sql.join(tenant.knowledgeBaseIds.map((id) => sql`${id}::uuid`), sql`, `);
  return sql`c.workspace_id = ${tenant.workspaceId}::uuid and c.knowledge_base_id in (${kbs})`;
}

/**
 * Whether chunk `alias` is of a version the tenant reads (a release's frozen versions, or else its
 * document's active one) and of a document for the tenant's audience.
 */
function readable(tenant: Tenant, alias: "c" | "k") {
  const a = sql.raw(alias);
  const customersOnly = tenant.audience !== "any";
  const forAudience = customersOnly ? sql` and d.audience = 'customer'` : sql``;
  if (tenant.versions) {
    const pins = JSON.stringify(tenant.versions.map((v) => ({ document_id: v.documentId, version: v.version })));
    const pinned = sql`(${a}.document_id, ${a}.version) in (select p.document_id, p.version from jsonb_to_recordset(${pins}::text::jsonb) as p(document_id uuid, version integer))`;
    if (!customersOnly) return pinned;
    return sql`(${pinned} and exists (select 1 from documents d where d.id = ${a}.document_id and d.workspace_id = ${a}.workspace_id${forAudience}))`;
  }
  return sql`exists (select 1 from documents d where d.id = ${a}.document_id and d.workspace_id = ${a}.workspace_id and d.active_version = ${a}.version${forAudience})`;
}

/** Chunks readable in the tenant (alias `c`): workspace, knowledge bases, and a version it reads. */
function tenantScope(tenant: Tenant) {
  return sql`${tenantChunks(tenant)} and ${readable(tenant, "c")}`;
}

/** The candidate rows with what fusion and rerank need; `ids` is a subquery yielding `id` (and maybe `rank`). */
const candidateRows = (ids: { query: SQL; rank?: boolean }, vec: string, tenant: Tenant) => sql`
  select k.id, k.document_id, k.knowledge_base_id, d.title, d.audience, k.section_path, k.text, k.embedding <=> ${vec}::vector as distance,
    ${readable(tenant, "k")} as active ${ids.rank ? sql`, m.rank as lex_rank` : sql``}
  from (${ids.query}) m join chunks k on k.id = m.id join documents d on d.id = k.document_id and d.workspace_id = k.workspace_id`;

/** Extra rows the exact scan takes, so that a few chunks of versions the tenant does not read do not leave it short. */
const SCAN_MARGIN = 10;

/**
 * The tenant's `limit` nearest chunks to `vec`, nearest first by full-precision cosine distance. A tenant
 * of up to EXACT_SCAN_MAX_CHUNKS chunks is scanned exactly (half precision, then re-sorted in full
 * precision); a larger one goes through HNSW with an iterative scan.
 */
export async function nearestChunks(db: Db | Tx, tenant: Tenant, vec: string, opts: { limit: number; search: VectorSearch }): Promise<Row[]> {
  const scope = tenantScope(tenant);
  const halfScan = async (where: SQL, limit: number) =>
    rowsOf<Row>(await db.execute(candidateRows({ query: sql`select c.id from chunks c where ${where} order by c.embedding_half <=> ${vec}::halfvec(384) limit ${limit}` }, vec, tenant)));
  let rows: Row[];
  if (opts.search === "exact") {
    // The reference: every row of the tenant, no index (the benchmark measures recall against it).
    rows = await db.transaction(async (tx) => {
      await tx.execute(sql`select set_config('enable_indexscan', 'off', true)`);
      return rowsOf<Row>(await tx.execute(candidateRows({ query: sql`select c.id from chunks c where ${scope} order by c.embedding <=> ${vec}::vector limit ${opts.limit}` }, vec, tenant)));
    });
  } else if (opts.search === "auto" && (await tenantSize(db, tenant)) <= EXACT_SCAN_MAX_CHUNKS) {
    // The scan reads the covering index alone and the version is checked on the rows it keeps (checked on
    // every row it costs ~20% more). Too few readable rows among them (a version being ingested, versions
    // releases pinned): scan again with the check, and check every row for this tenant for a while.
    const key = `${tenantKey(tenant)}:${tenant.versions ? "pinned" : "active"}:${tenant.audience ?? "customer"}`;
    const crowdedAt = crowdedTenants.get(key);
    if (crowdedAt !== undefined && performance.now() - crowdedAt < STATS_TTL_MS) {
      rows = await halfScan(scope, opts.limit);
    } else {
      const scanned = await halfScan(tenantChunks(tenant), opts.limit + SCAN_MARGIN);
      rows = scanned.filter((r) => r.active);
      if (rows.length < opts.limit && scanned.length === opts.limit + SCAN_MARGIN) {
        if (crowdedTenants.size > 10_000) crowdedTenants.clear();
        crowdedTenants.set(key, performance.now());
        rows = await halfScan(scope, opts.limit);
      }
    }
  } else {
    rows = await db.transaction(async (tx) => {
      // Iterative scans keep walking the HNSW graph until enough rows pass the tenant filter.
      await tx.execute(sql`select set_config('hnsw.ef_search', ${String(EF_SEARCH)}, true), set_config('hnsw.iterative_scan', 'relaxed_order', true)`);
      return rowsOf<Row>(await tx.execute(candidateRows({ query: sql`select c.id from chunks c where ${scope} order by c.embedding <=> ${vec}::vector limit ${opts.limit}` }, vec, tenant)));
    });
  }
  return rows.sort((a, b) => Number(a.distance) - Number(b.distance)).slice(0, opts.limit);
}

/** How long a tenant's size and the lexeme statistics are reused: both only steer the plan, never the result's scope. */
const STATS_TTL_MS = 60_000;
const tenantSizes = new Map<string, { n: number; at: number }>();
/** Tenants whose exact scan last came back short of readable rows, and when. */
const crowdedTenants = new Map<string, number>();
const tenantKey = (tenant: Tenant) => `${tenant.workspaceId}:${[...tenant.knowledgeBaseIds].sort().join(",")}`;
let lexemeStats: { byLexeme: Map<string, number>; at: number } | undefined;

/** The tenant's chunk count, counted up to just past EXACT_SCAN_MAX_CHUNKS (that is all the callers need). */
async function tenantSize(db: Db | Tx, tenant: Tenant): Promise<number> {
  const key = tenantKey(tenant);
  const cached = tenantSizes.get(key);
  if (cached && performance.now() - cached.at < STATS_TTL_MS) return cached.n;
  const kbs = sql.join(tenant.knowledgeBaseIds.map((id) => sql`${id}::uuid`), sql`, `);
  const [row] = rowsOf<{ n: number }>(
    await db.execute(sql`select count(*)::int as n from (select 1 from chunks c where c.workspace_id = ${tenant.workspaceId}::uuid and c.knowledge_base_id in (${kbs}) limit ${EXACT_SCAN_MAX_CHUNKS + 1}) s`),
  );
  if (tenantSizes.size > 10_000) tenantSizes.clear();
  tenantSizes.set(key, { n: row?.n ?? 0, at: performance.now() });
  return row?.n ?? 0;
}

/**
 * The fraction of all chunks that contain each common lexeme, from the planner's statistics of
 * `chunks.search` (ANALYZE keeps the ~1,000 most common). Empty before the first ANALYZE.
 */
async function commonLexemes(db: Db | Tx): Promise<Map<string, number>> {
  if (lexemeStats && performance.now() - lexemeStats.at < STATS_TTL_MS) return lexemeStats.byLexeme;
  const rows = rowsOf<{ lexeme: string; freq: number | string }>(
    await db.execute(sql`select x.lexeme, x.freq from pg_stats s, unnest(s.most_common_elems::text::text[], s.most_common_elem_freqs) as x(lexeme, freq)
      where s.schemaname = current_schema() and s.tablename = 'chunks' and s.attname = 'search' and x.lexeme is not null`),
  );
  lexemeStats = { byLexeme: new Map(rows.map((r) => [r.lexeme, Number(r.freq)])), at: performance.now() };
  return lexemeStats.byLexeme;
}

/**
 * The lexemes a full-text search of the tenant uses. All of them in a tenant smaller than
 * LEXICAL_SCAN_CAP; in a larger one, the rarest first (by the lexeme statistics; one not tracked there
 * is rarer than any that is) while their expected matches stay within LEXICAL_SCAN_CAP. Common lexemes
 * cannot single out an answer (a corpus-specific stop list, like a low IDF), and leaving them out keeps
 * the ranked set complete instead of an arbitrary first LEXICAL_SCAN_CAP matches.
 */
export function selectLexemes(lexemes: string[], stats: Map<string, number>, tenantSize: number): string[] {
  if (tenantSize <= LEXICAL_SCAN_CAP) return lexemes;
  const untracked = Math.min(...stats.values(), 1);
  const byRarity = lexemes.map((l) => ({ l, freq: stats.get(l) ?? untracked })).sort((a, b) => a.freq - b.freq || a.l.localeCompare(b.l));
  const kept: string[] = [];
  let expected = 0;
  for (const { l, freq } of byRarity) {
    if ((expected + freq) * tenantSize > LEXICAL_SCAN_CAP) break;
    kept.push(l);
    expected += freq;
  }
  return kept;
}

/**
 * Full-text top candidates, best first, with `lex_rank` (ts_rank_cd, normalised 0..1). The selected
 * lexemes are OR-ed: a question rarely shares all its words with its answer.
 */
async function lexicalCandidates(db: Db | Tx, tenant: Tenant, vec: string, query: string, size: number): Promise<Row[]> {
  const [parsed] = rowsOf<{ lexemes: string[] }>(await db.execute(sql`select tsvector_to_array(to_tsvector('english', ${query})) as lexemes`));
  const lexemes = selectLexemes(parsed?.lexemes ?? [], size > LEXICAL_SCAN_CAP ? await commonLexemes(db) : new Map(), size);
  if (lexemes.length === 0) return [];
  // tsvector text is quoted lexemes separated by spaces, the same quoting tsquery reads.
  const tsquery = sql`to_tsquery('simple', replace(strip(array_to_tsvector(array[${sql.join(lexemes.map((l) => sql`${l}`), sql`, `)}]::text[]))::text, ' ', ' | '))`;
  return rowsOf<Row>(
    await db.execute(
      candidateRows(
        {
          query: sql`select id, ts_rank_cd(search, q, 32) as rank from (
            select c.id, c.search, q from chunks c, ${tsquery} q where ${tenantScope(tenant)} and c.search @@ q limit ${LEXICAL_SCAN_CAP}
          ) matched order by rank desc limit ${CANDIDATES}`,
          rank: true,
        },
        vec,
        tenant,
      ),
    ),
  );
}

function rankBy<T extends { id: string }>(rows: T[], score: (r: T) => number): Map<string, number> {
  return new Map([...rows].sort((a, b) => score(b) - score(a)).map((r, i) => [r.id, i + 1]));
}
