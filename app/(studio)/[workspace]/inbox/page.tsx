import { InboxPage } from "@/components/inbox/inbox-page";

export default async function Inbox({ params }: { params: Promise<{ workspace: string }> }) {
  const { workspace } = await params;
  return <InboxPage workspace={workspace} />;
}
