import type { Metadata } from "next";
import { Suspense } from "react";
import { EvalsPage } from "@/components/evals/evals-page";

export const metadata: Metadata = { title: "Evals" };

export default async function Page({ params }: { params: Promise<{ workspace: string; agent: string }> }) {
  const { workspace, agent } = await params;
  // The open suite is a search param: its reader needs a Suspense boundary.
  return (
    <Suspense>
      <EvalsPage workspace={workspace} agent={agent} />
    </Suspense>
  );
}
