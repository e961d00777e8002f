import type { Metadata } from "next";
import { HandoffSettingsPage } from "@/components/settings/handoff-settings";

export const metadata: Metadata = { title: "Handoff hours" };

export default async function Page({ params }: { params: Promise<{ workspace: string }> }) {
  const { workspace } = await params;
  return <HandoffSettingsPage workspace={workspace} />;
}
