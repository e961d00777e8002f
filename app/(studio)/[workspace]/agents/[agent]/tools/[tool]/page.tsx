import type { Metadata } from "next";
import { ToolEditor } from "@/components/tools/tool-editor";

export const metadata: Metadata = { title: "Tool" };

export default async function Page({ params }: { params: Promise<{ workspace: string; agent: string; tool: string }> }) {
  const { workspace, agent, tool } = await params;
  return <ToolEditor workspace={workspace} agent={agent} name={tool === "new" ? null : decodeURIComponent(tool)} />;
}
