import "server-only";

// At most this many turns run at once in this process; the rest wait in arrival order. On Postgres a turn
// holds one pooled connection for its conversation lock while its queries (and the tools' calls into the
// store API, when this app serves it) need more from the same pool of 10: with every connection held by
// a lock, no turn could finish. Bounding turns below the pool size keeps connections for the work itself.
const MAX_TURNS = 4;
let active = 0;
const waiting: (() => void)[] = [];

export async function withTurnSlot<T>(fn: () => Promise<T>): Promise<T> {
  if (active < MAX_TURNS) active++;
  else await new Promise<void>((resolve) => waiting.push(resolve));
  try {
    return await fn();
  } finally {
    const next = waiting.shift();
    if (next) next(); // the slot passes straight to the next waiter
    else active--;
  }
}
