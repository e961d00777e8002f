import type { Metadata } from "next";
import { ScorecardSettingsPage } from "@/components/scorecards/scorecard-settings";

export const metadata: Metadata = { title: "Scorecard" };

export default async function Page({ params }: { params: Promise<{ workspace: string }> }) {
  const { workspace } = await params;
  return <ScorecardSettingsPage workspace={workspace} />;
}
