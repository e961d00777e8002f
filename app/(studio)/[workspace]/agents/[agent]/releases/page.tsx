import type { Metadata } from "next";
import { ReleasesPage } from "@/components/releases/releases-page";

export const metadata: Metadata = { title: "Releases" };

export default async function Page({ params }: { params: Promise<{ workspace: string; agent: string }> }) {
  const { workspace, agent } = await params;
  return <ReleasesPage workspace={workspace} agent={agent} />;
}
