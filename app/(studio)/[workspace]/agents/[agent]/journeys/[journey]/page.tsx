import { JourneyEditor } from "@/components/journey/journey-editor";

export default async function JourneyCanvasPage({ params }: { params: Promise<{ workspace: string; agent: string; journey: string }> }) {
  const { workspace, agent, journey } = await params;
  return <JourneyEditor workspace={workspace} agent={agent} journeyId={journey} />;
}
