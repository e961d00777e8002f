import type { Metadata } from "next";
import { IdentitySettingsPage } from "@/components/customers/identity-settings-page";

export const metadata: Metadata = { title: "Identity and memory" };

export default async function Page({ params }: { params: Promise<{ workspace: string }> }) {
  const { workspace } = await params;
  return <IdentitySettingsPage workspace={workspace} />;
}
