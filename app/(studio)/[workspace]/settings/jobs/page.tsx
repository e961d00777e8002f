import type { Metadata } from "next";
import { FailedJobs } from "@/components/jobs/failed-jobs";

export const metadata: Metadata = { title: "Failed jobs" };

export default async function Page({ params }: { params: Promise<{ workspace: string }> }) {
  const { workspace } = await params;
  return <FailedJobs workspace={workspace} />;
}
