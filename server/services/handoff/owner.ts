import type { Owner } from "@/lib/schemas/inbox";

/**
 * The outcome column (`status`: open | resolved | escalated | abandoned) that lists, the hosted API and
 * releases read, kept in step with the owner: a conversation a person waits for or holds is escalated.
 */
export function statusForOwner(owner: Owner, previous: string): string {
  if (owner === "waiting_for_human" || owner === "human") return "escalated";
  if (owner === "resolved") return "resolved";
  if (owner === "closed") return previous === "resolved" ? "resolved" : "abandoned";
  return "open";
}

export const ownerLabels: Record<Owner, string> = {
  ai: "handled by the AI",
  waiting_for_human: "waiting for a person",
  human: "with a person",
  resolved: "resolved",
  closed: "closed",
};
