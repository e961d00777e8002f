import { redirect } from "next/navigation";
import { StudioShell } from "@/components/layout/studio-shell";
import { getDb } from "@/db/client";
import { currentUser } from "@/server/auth/current-user";

export default async function StudioLayout({ children, params }: { children: React.ReactNode; params: Promise<{ workspace: string }> }) {
  const { workspace } = await params;
  if (!(await currentUser(await getDb()))) redirect(`/sign-in?callbackUrl=${encodeURIComponent(`/${workspace}`)}`);
  return <StudioShell workspace={workspace}>{children}</StudioShell>;
}
