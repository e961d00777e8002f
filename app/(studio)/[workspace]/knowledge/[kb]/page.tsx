import type { Metadata } from "next";
import { KnowledgeBaseDetail } from "@/components/knowledge/knowledge-base-detail";

export const metadata: Metadata = { title: "Knowledge base" };

export default async function Page({ params }: { params: Promise<{ workspace: string; kb: string }> }) {
  const { workspace, kb } = await params;
  return <KnowledgeBaseDetail workspace={workspace} knowledgeBaseId={kb} />;
}
