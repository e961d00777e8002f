import { redirect } from "next/navigation";
import { StudioShell } from "@/components/layout/studio-shell";
import { auth } from "@/server/auth/config";

export default async function StudioLayout({ children, params }: { children: React.ReactNode; params: Promise<{ workspace: string }> }) {
  const { workspace } = await params;
  const session = await auth();
  if (!session?.user) redirect(`/sign-in?callbackUrl=${encodeURIComponent(`/${workspace}`)}`);
  return <StudioShell workspace={workspace}>{children}</StudioShell>;
}
