import type { Metadata } from "next";
import { PolicyEditor } from "@/components/policies/policy-editor";

export const metadata: Metadata = { title: "Policy" };

export default async function Page({ params }: { params: Promise<{ workspace: string; agent: string; policy: string }> }) {
  const { workspace, agent, policy } = await params;
  return <PolicyEditor workspace={workspace} agent={agent} policyKey={decodeURIComponent(policy)} />;
}
