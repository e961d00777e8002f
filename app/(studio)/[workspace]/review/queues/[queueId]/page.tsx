import type { Metadata } from "next";
import { WorkQueue } from "@/components/review-queues/work-queue";

export const metadata: Metadata = { title: "Review queue" };

export default async function Page({ params }: { params: Promise<{ workspace: string; queueId: string }> }) {
  const { workspace, queueId } = await params;
  return <WorkQueue workspace={workspace} queueId={queueId} />;
}
