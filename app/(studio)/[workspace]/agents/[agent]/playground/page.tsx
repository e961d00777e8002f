import { Suspense } from "react";
import { Playground } from "@/components/playground/playground";

export default async function PlaygroundPage({ params }: { params: Promise<{ workspace: string; agent: string }> }) {
  const { workspace, agent } = await params;
  return (
    <Suspense>
      <Playground workspace={workspace} agent={agent} />
    </Suspense>
  );
}
