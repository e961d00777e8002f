import { Suspense } from "react";
import { ConversationList } from "@/components/conversations/conversation-list";

export default async function ConversationsPage({ params }: { params: Promise<{ workspace: string; agent: string }> }) {
  const { workspace, agent } = await params;
  return (
    <Suspense>
      <ConversationList workspace={workspace} agent={agent} />
    </Suspense>
  );
}
