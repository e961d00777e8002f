import type { Metadata } from "next";
import { KnowledgeBaseList } from "@/components/knowledge/knowledge-base-list";

export const metadata: Metadata = { title: "Knowledge" };

export default async function Page({ params }: { params: Promise<{ workspace: string }> }) {
  const { workspace } = await params;
  return <KnowledgeBaseList workspace={workspace} />;
}
