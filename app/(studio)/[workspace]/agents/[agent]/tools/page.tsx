import type { Metadata } from "next";
import { ToolList } from "@/components/tools/tool-list";

export const metadata: Metadata = { title: "Tools" };

export default async function Page({ params }: { params: Promise<{ workspace: string; agent: string }> }) {
  const { workspace, agent } = await params;
  return <ToolList workspace={workspace} agent={agent} />;
}
