import type { Metadata } from "next";
import { ChunkViewer } from "@/components/knowledge/chunk-viewer";

export const metadata: Metadata = { title: "Document chunks" };

export default async function Page({ params }: { params: Promise<{ workspace: string; kb: string; documentId: string }> }) {
  const { workspace, kb, documentId } = await params;
  return <ChunkViewer workspace={workspace} knowledgeBaseId={kb} documentId={documentId} />;
}
