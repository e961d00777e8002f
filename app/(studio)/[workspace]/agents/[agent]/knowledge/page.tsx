import type { Metadata } from "next";
import { AgentKnowledge } from "@/components/knowledge/agent-knowledge";

export const metadata: Metadata = { title: "Agent knowledge" };

export default async function Page({ params }: { params: Promise<{ workspace: string; agent: string }> }) {
  const { workspace, agent } = await params;
  return <AgentKnowledge workspace={workspace} agent={agent} />;
}
