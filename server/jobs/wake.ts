// Kept apart from workers.ts so a service that queues work (an upload) can nudge this process's workers
// without importing pg-boss and every job handler. On globalThis: Next.js evaluates modules twice.
const state = globalThis as unknown as { switchbackWakeWorkers?: (queue: string) => void };

export function onWake(wake: ((queue: string) => void) | undefined): void {
  state.switchbackWakeWorkers = wake;
}

/** Called after queueing work, so it starts now rather than at the next poll (when this process runs workers). */
export function wakeWorkers(queue: string): void {
  state.switchbackWakeWorkers?.(queue);
}
