import { Suspense } from "react";
import { AgentInsights } from "@/components/insights/agent-insights";
import { InsightsTabs } from "@/components/topics/insights-tabs";

export default async function InsightsPage({ params }: { params: Promise<{ workspace: string; agent: string }> }) {
  const { workspace, agent } = await params;
  return (
    <div className="flex flex-col gap-6">
      <InsightsTabs workspace={workspace} agent={agent} />
      <Suspense>
        <AgentInsights workspace={workspace} agent={agent} />
      </Suspense>
    </div>
  );
}
