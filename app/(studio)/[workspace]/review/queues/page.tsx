import type { Metadata } from "next";
import { QueuesPage } from "@/components/review-queues/queues-page";

export const metadata: Metadata = { title: "Review queues" };

export default async function Page({ params }: { params: Promise<{ workspace: string }> }) {
  const { workspace } = await params;
  return <QueuesPage workspace={workspace} />;
}
