import { ConversationTranscript } from "@/components/conversations/conversation-transcript";

export default async function ConversationPage({ params }: { params: Promise<{ workspace: string; agent: string; conversationId: string }> }) {
  const { workspace, agent, conversationId } = await params;
  return <ConversationTranscript workspace={workspace} agent={agent} conversationId={conversationId} />;
}
