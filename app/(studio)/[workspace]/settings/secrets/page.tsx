import type { Metadata } from "next";
import { SecretsPage } from "@/components/secrets/secrets-page";

export const metadata: Metadata = { title: "Secrets" };

export default async function Page({ params }: { params: Promise<{ workspace: string }> }) {
  const { workspace } = await params;
  return <SecretsPage workspace={workspace} />;
}
