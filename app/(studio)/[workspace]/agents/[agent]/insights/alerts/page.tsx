import { Suspense } from "react";
import { AgentAlerts } from "@/components/alerts/agent-alerts";

export default async function AlertsPage({ params }: { params: Promise<{ workspace: string; agent: string }> }) {
  const { workspace, agent } = await params;
  return (
    <Suspense>
      <AgentAlerts workspace={workspace} agent={agent} />
    </Suspense>
  );
}
