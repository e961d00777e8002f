import type { Metadata } from "next";
import { PrivacySettingsPage } from "@/components/privacy/privacy-settings";

export const metadata: Metadata = { title: "Privacy" };

export default async function Page({ params }: { params: Promise<{ workspace: string }> }) {
  const { workspace } = await params;
  return <PrivacySettingsPage workspace={workspace} />;
}
