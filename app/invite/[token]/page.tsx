import type { Metadata } from "next";
import { redirect } from "next/navigation";
import { Logo } from "@/components/layout/logo";
import { AcceptInvite } from "@/components/members/accept-invite";
import { getDb } from "@/db/client";
import { currentUser } from "@/server/auth/current-user";

export const metadata: Metadata = { title: "Invitation" };

export default async function InvitePage({ params }: { params: Promise<{ token: string }> }) {
  const { token } = await params;
  if (!(await currentUser(await getDb()))) redirect(`/sign-in?callbackUrl=${encodeURIComponent(`/invite/${token}`)}`);
  return (
    <main className="flex min-h-screen flex-col items-center justify-center px-4 py-12">
      <div className="mb-8">
        <Logo />
      </div>
      <div className="w-full max-w-md">
        <AcceptInvite token={token} />
      </div>
    </main>
  );
}
