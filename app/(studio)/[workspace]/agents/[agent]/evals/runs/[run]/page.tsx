import type { Metadata } from "next";
import { RunView } from "@/components/evals/run-view";

export const metadata: Metadata = { title: "Eval run" };

export default async function Page({ params }: { params: Promise<{ workspace: string; agent: string; run: string }> }) {
  const { workspace, agent, run } = await params;
  return <RunView workspace={workspace} agent={agent} runId={run} />;
}
