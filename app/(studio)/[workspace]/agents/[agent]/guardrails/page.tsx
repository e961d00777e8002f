import type { Metadata } from "next";
import { GuardrailsEditor } from "@/components/guardrails/guardrails-editor";

export const metadata: Metadata = { title: "Guardrails" };

export default async function Page({ params }: { params: Promise<{ workspace: string; agent: string }> }) {
  const { workspace, agent } = await params;
  return <GuardrailsEditor workspace={workspace} agent={agent} />;
}
