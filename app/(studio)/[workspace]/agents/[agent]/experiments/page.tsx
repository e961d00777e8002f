import { Suspense } from "react";
import { ExperimentView } from "@/components/experiments/experiment-view";

export default async function ExperimentsPage({ params }: { params: Promise<{ workspace: string; agent: string }> }) {
  const { workspace, agent } = await params;
  return (
    <Suspense>
      <ExperimentView workspace={workspace} agent={agent} />
    </Suspense>
  );
}
