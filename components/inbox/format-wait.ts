/** A waiting time as a person reads it in a queue: "just now", "4 min", "2 h 5 min", "3 d 4 h". */
export function formatWait(ms: number | null | undefined): string {
  if (ms === null || ms === undefined || !Number.isFinite(ms) || ms < 0) return "—";
  const minutes = Math.floor(ms / 60_000);
  if (minutes < 1) return "just now";
  if (minutes < 60) return `${minutes} min`;
  const hours = Math.floor(minutes / 60);
  if (hours < 24) return minutes % 60 ? `${hours} h ${minutes % 60} min` : `${hours} h`;
  const days = Math.floor(hours / 24);
  return hours % 24 ? `${days} d ${hours % 24} h` : `${days} d`;
}

/** How long it has waited now, from the server's `waitingMs` at `fetchedAt`, so the queue ticks without refetching. */
export function waitedSince(waitingMs: number | null, fetchedAt: number, now: number): number | null {
  return waitingMs === null ? null : waitingMs + Math.max(0, now - fetchedAt);
}
