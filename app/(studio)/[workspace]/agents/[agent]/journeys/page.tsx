import { JourneyList } from "@/components/journey/journey-list";

export default async function JourneysPage({ params }: { params: Promise<{ workspace: string; agent: string }> }) {
  const { workspace, agent } = await params;
  return <JourneyList workspace={workspace} agent={agent} />;
}
