import { kmeans } from "ml-kmeans";

// Clustering of unit-length embeddings: k-means (ml-kmeans, k-means++ seeded, so the same input gives the
// same clusters) for each k in a range, keeping the k with the best mean silhouette (cosine distance).
// Pure: the topics job and the tests call it.

export const CLUSTER_SEED = 42;
/** Fewer conversations than this are not clustered (a topic needs company). */
export const MIN_DOCUMENTS = 10;
export const MAX_TOPICS = 14;
/** The k search runs on at most this many points (an evenly spaced sample); the final fit uses all. */
const SEARCH_SAMPLE = 600;

export interface Clustering {
  k: number;
  /** Cluster of each input vector, 0..k-1, clusters numbered biggest first. */
  assignments: number[];
  /** Unit-normalised mean of each cluster's vectors. */
  centroids: number[][];
  /** Mean silhouette of the chosen k on the search sample (−1..1). */
  silhouette: number;
}

const dot = (a: readonly number[], b: readonly number[]) => {
  let s = 0;
  for (let i = 0; i < a.length; i++) s += a[i]! * b[i]!;
  return s;
};

export function normalise(v: readonly number[]): number[] {
  const n = Math.sqrt(dot(v, v));
  return n > 0 ? v.map((x) => x / n) : [...v];
}

/** Mean silhouette with distance 1 − cosine (vectors are unit length); a singleton scores 0. */
export function silhouette(vectors: readonly (readonly number[])[], labels: readonly number[]): number {
  const n = vectors.length;
  const k = Math.max(...labels) + 1;
  if (k < 2 || n < 3) return 0;
  const dist: number[][] = Array.from({ length: n }, () => new Array<number>(n).fill(0));
  for (let i = 0; i < n; i++) for (let j = i + 1; j < n; j++) dist[i]![j] = dist[j]![i] = Math.max(0, 1 - dot(vectors[i]!, vectors[j]!));
  const sizes = new Array<number>(k).fill(0);
  for (const l of labels) sizes[l]! += 1;
  let total = 0;
  for (let i = 0; i < n; i++) {
    const own = labels[i]!;
    if (sizes[own]! <= 1) continue;
    const sums = new Array<number>(k).fill(0);
    for (let j = 0; j < n; j++) if (j !== i) sums[labels[j]!]! += dist[i]![j]!;
    const a = sums[own]! / (sizes[own]! - 1);
    let b = Infinity;
    for (let c = 0; c < k; c++) if (c !== own && sizes[c]! > 0) b = Math.min(b, sums[c]! / sizes[c]!);
    if (b === Infinity) continue;
    total += (b - a) / Math.max(a, b, 1e-12);
  }
  return total / n;
}

const distinctCount = (vectors: readonly (readonly number[])[]) => new Set(vectors.map((v) => v.map((x) => x.toFixed(6)).join(","))).size;

function fit(vectors: number[][], k: number, seed: number): number[] {
  return kmeans(vectors, k, { seed, initialization: "kmeans++", maxIterations: 60 }).clusters;
}

/** Renumbers labels so cluster 0 is the biggest (ties: the one whose first member comes first). */
function renumber(labels: number[]): number[] {
  const sizes = new Map<number, { size: number; first: number }>();
  labels.forEach((l, i) => sizes.set(l, { size: (sizes.get(l)?.size ?? 0) + 1, first: sizes.get(l)?.first ?? i }));
  const order = [...sizes.entries()].sort((a, b) => b[1].size - a[1].size || a[1].first - b[1].first).map(([l]) => l);
  const to = new Map(order.map((l, i) => [l, i]));
  return labels.map((l) => to.get(l)!);
}

/**
 * Clusters unit vectors: k from 2 to min(MAX_TOPICS, √n, distinct vectors), chosen by the best mean
 * silhouette on an evenly spaced sample (ties go to the smaller k), then fitted on every vector.
 */
export function clusterVectors(input: readonly (readonly number[])[], opts: { seed?: number; maxK?: number } = {}): Clustering | null {
  const vectors = input.map((v) => [...v]);
  const n = vectors.length;
  if (n < MIN_DOCUMENTS) return null;
  const seed = opts.seed ?? CLUSTER_SEED;
  const maxK = Math.min(opts.maxK ?? MAX_TOPICS, Math.floor(Math.sqrt(n)), distinctCount(vectors));
  if (maxK < 2) return null;
  const step = Math.max(1, n / SEARCH_SAMPLE);
  const sample = Array.from({ length: Math.min(n, SEARCH_SAMPLE) }, (_, i) => vectors[Math.floor(i * step)]!);
  let best = { k: 2, score: -Infinity };
  for (let k = 2; k <= Math.min(maxK, distinctCount(sample)); k++) {
    const score = silhouette(sample, fit(sample, k, seed));
    if (score > best.score + 1e-9) best = { k, score };
  }
  const assignments = renumber(fit(vectors, best.k, seed));
  const k = Math.max(...assignments) + 1;
  const sums = Array.from({ length: k }, () => new Array<number>(vectors[0]!.length).fill(0));
  assignments.forEach((c, i) => vectors[i]!.forEach((x, d) => (sums[c]![d]! += x)));
  return { k, assignments, centroids: sums.map(normalise), silhouette: best.score };
}

export { dot as cosineOfUnit };
