import { redirect } from "next/navigation";
import { getDb } from "@/db/client";
import { createCaller } from "@/server/api/root";
import { currentUser } from "@/server/auth/current-user";

export const dynamic = "force-dynamic";

/** Home is a door: to sign-in, to the first workspace, or to creating one. */
export default async function HomePage() {
  const db = await getDb();
  const user = await currentUser(db);
  if (!user) redirect("/sign-in");
  const workspaces = await createCaller({ db, user }).workspaces.list();
  redirect(workspaces[0] ? `/${workspaces[0].slug}` : "/new");
}
