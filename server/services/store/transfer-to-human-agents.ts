import type { StoreToolArgs } from "./args";

/** The store has nothing to do for a transfer; the runtime's handoff does the work. Kept for parity with τ². */
export function transferToHumanAgents(_ctx: unknown, _args: StoreToolArgs<"transfer_to_human_agents">): string {
  return "Transfer successful";
}
