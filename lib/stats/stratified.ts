// A difference in proportions pooled over strata (journeys), to catch Simpson's paradox: the arms can
// differ one way in the crude totals and the other way within every stratum, when the arms' mix of
// strata differs. The Mantel–Haenszel risk difference weights each stratum by na·nb / (na + nb).

export interface Stratum {
  key: string;
  a: { k: number; n: number };
  b: { k: number; n: number };
}

export interface StratifiedDifference {
  /** b − a over all the rows, strata ignored. */
  crude: number | null;
  /** b − a within strata, Mantel–Haenszel weighted; strata missing an arm do not count. */
  mantelHaenszel: number | null;
  /** The two point in opposite directions (each non-zero): the pooled conclusion does not hold within journeys. */
  simpson: boolean;
}

export function stratifiedDifference(strata: readonly Stratum[]): StratifiedDifference {
  let ka = 0;
  let na = 0;
  let kb = 0;
  let nb = 0;
  let weighted = 0;
  let weights = 0;
  for (const s of strata) {
    ka += s.a.k;
    na += s.a.n;
    kb += s.b.k;
    nb += s.b.n;
    if (s.a.n === 0 || s.b.n === 0) continue;
    const w = (s.a.n * s.b.n) / (s.a.n + s.b.n);
    weighted += w * (s.b.k / s.b.n - s.a.k / s.a.n);
    weights += w;
  }
  const crude = na && nb ? kb / nb - ka / na : null;
  const mantelHaenszel = weights ? weighted / weights : null;
  const eps = 1e-12;
  const simpson = crude !== null && mantelHaenszel !== null && Math.abs(crude) > eps && Math.abs(mantelHaenszel) > eps && Math.sign(crude) !== Math.sign(mantelHaenszel);
  return { crude, mantelHaenszel, simpson };
}
