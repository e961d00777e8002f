import type { Metadata } from "next";
import { PolicyList } from "@/components/policies/policy-list";

export const metadata: Metadata = { title: "Policies" };

export default async function Page({ params }: { params: Promise<{ workspace: string; agent: string }> }) {
  const { workspace, agent } = await params;
  return <PolicyList workspace={workspace} agent={agent} />;
}
