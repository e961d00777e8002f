import { AgentOverview } from "@/components/agents/agent-overview";

export default async function AgentOverviewPage({ params }: { params: Promise<{ workspace: string; agent: string }> }) {
  const { workspace, agent } = await params;
  return <AgentOverview workspace={workspace} agent={agent} />;
}
