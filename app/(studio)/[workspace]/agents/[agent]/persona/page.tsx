import type { Metadata } from "next";
import { PersonaEditor } from "@/components/persona/persona-editor";

export const metadata: Metadata = { title: "Persona" };

export default async function Page({ params }: { params: Promise<{ workspace: string; agent: string }> }) {
  const { workspace, agent } = await params;
  return <PersonaEditor workspace={workspace} agent={agent} />;
}
