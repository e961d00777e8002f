import { Suspense } from "react";
import { AgentTopics } from "@/components/topics/agent-topics";

export default async function TopicsPage({ params }: { params: Promise<{ workspace: string; agent: string }> }) {
  const { workspace, agent } = await params;
  return (
    <Suspense>
      <AgentTopics workspace={workspace} agent={agent} />
    </Suspense>
  );
}
