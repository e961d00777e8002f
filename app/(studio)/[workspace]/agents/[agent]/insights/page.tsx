import { Suspense } from "react";
import { AgentInsights } from "@/components/insights/agent-insights";

export default async function InsightsPage({ params }: { params: Promise<{ workspace: string; agent: string }> }) {
  const { workspace, agent } = await params;
  return (
    <Suspense>
      <AgentInsights workspace={workspace} agent={agent} />
    </Suspense>
  );
}
