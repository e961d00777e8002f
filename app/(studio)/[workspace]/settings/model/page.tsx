import type { Metadata } from "next";
import { ModelSettingsPage } from "@/components/settings/model-settings";

export const metadata: Metadata = { title: "Model and network" };

export default async function Page({ params }: { params: Promise<{ workspace: string }> }) {
  const { workspace } = await params;
  return <ModelSettingsPage workspace={workspace} />;
}
