import { AgentNav } from "@/components/agents/agent-nav";

export default async function AgentLayout({ children, params }: { children: React.ReactNode; params: Promise<{ workspace: string; agent: string }> }) {
  const { workspace, agent } = await params;
  return (
    <div className="flex flex-col gap-8 md:flex-row">
      <AgentNav workspace={workspace} agent={agent} />
      <div className="min-w-0 flex-1">{children}</div>
    </div>
  );
}
