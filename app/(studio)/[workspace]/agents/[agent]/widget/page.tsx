import type { Metadata } from "next";
import { WidgetPage } from "@/components/widget/widget-page";

export const metadata: Metadata = { title: "Web widget" };

export default async function Page({ params }: { params: Promise<{ workspace: string; agent: string }> }) {
  const { workspace, agent } = await params;
  return <WidgetPage workspace={workspace} agent={agent} />;
}
