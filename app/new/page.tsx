import type { Metadata } from "next";
import { redirect } from "next/navigation";
import { Logo } from "@/components/layout/logo";
import { CreateWorkspaceForm } from "@/components/workspaces/create-workspace-form";
import { getDb } from "@/db/client";
import { currentUser } from "@/server/auth/current-user";

export const metadata: Metadata = { title: "New workspace" };

export default async function NewWorkspacePage() {
  if (!(await currentUser(await getDb()))) redirect("/sign-in?callbackUrl=%2Fnew");
  return (
    <main className="flex min-h-screen flex-col items-center justify-center px-4 py-12">
      <div className="mb-8">
        <Logo />
      </div>
      <div className="w-full max-w-md">
        <CreateWorkspaceForm />
      </div>
    </main>
  );
}
