import { AgentList } from "@/components/agents/agent-list";

export default async function AgentsPage({ params }: { params: Promise<{ workspace: string }> }) {
  const { workspace } = await params;
  return <AgentList workspace={workspace} />;
}
