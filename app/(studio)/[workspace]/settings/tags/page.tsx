import type { Metadata } from "next";
import { TagsSettingsPage } from "@/components/review/tags-settings";

export const metadata: Metadata = { title: "Tags" };

export default async function Page({ params }: { params: Promise<{ workspace: string }> }) {
  const { workspace } = await params;
  return <TagsSettingsPage workspace={workspace} />;
}
