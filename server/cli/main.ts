import { parseArgs } from "node:util";
import { eq } from "drizzle-orm";
import { ZodError } from "zod";
import { getDatabase } from "@/db/client";
import { users } from "@/db/schema";
import { seedDemo } from "@/db/seed/demo";
import { DomainError } from "@/server/errors";
import { createUser } from "@/server/services/users/create-user";
import { createWorkspace } from "@/server/services/workspaces/create-workspace";

const usage = `Usage: switchback <command> [options]   (or: npm run -s cli -- <command>)

  db migrate                                   apply pending migrations
  seed                                         seed the demo workspace (no-op if present)
  user create --email E --name N --password P  create a user
  workspace create --name N --owner EMAIL [--slug S]
                                               create a workspace owned by an existing user

Uses DATABASE_URL when set, otherwise the embedded database in SWITCHBACK_DATA_DIR (default .switchback).
The embedded database can be opened by one process at a time: stop the studio first.`;

type Command = (opts: Record<string, string | undefined>) => Promise<unknown>;

const commands: Record<string, Command> = {
  "db migrate": async () => {
    await getDatabase(); // opening applies pending migrations
    return "Migrations applied.";
  },
  seed: async () => {
    const { db } = await getDatabase();
    const { created } = await seedDemo(db);
    return created ? "Demo workspace seeded." : "Demo workspace already present.";
  },
  "user create": async ({ email, name, password }) => {
    const { db } = await getDatabase();
    const user = await createUser(db, { email: email ?? "", name: name ?? "", password: password ?? "" });
    return `Created user ${user.email} (${user.id}).`;
  },
  "workspace create": async ({ name, slug, owner }) => {
    const { db } = await getDatabase();
    const user = owner ? await db.query.users.findFirst({ where: eq(users.email, owner.toLowerCase()) }) : undefined;
    if (!user) throw new DomainError("invalid", "--owner must be the email of an existing user (create one with `user create`)");
    const workspace = await createWorkspace({ db, userId: user.id }, { name: name ?? "", slug });
    return `Created workspace ${workspace.name} at /${workspace.slug}.`;
  },
};

async function main() {
  const { positionals, values } = parseArgs({
    allowPositionals: true,
    options: {
      email: { type: "string" },
      name: { type: "string" },
      password: { type: "string" },
      slug: { type: "string" },
      owner: { type: "string" },
      help: { type: "boolean", short: "h" },
    },
  });
  const key = [positionals.slice(0, 2).join(" "), positionals[0] ?? ""].find((k) => k in commands);
  if (values.help || !key) {
    console.log(usage);
    process.exit(values.help ? 0 : 2);
  }
  const output = await commands[key]!(values as Record<string, string | undefined>);
  console.log(output);
  await (await getDatabase()).close();
}

main().catch((error: unknown) => {
  if (error instanceof ZodError) console.error(`error: ${error.issues.map((i) => `${i.path.join(".") || "input"}: ${i.message}`).join("; ")}`);
  else if (error instanceof DomainError) console.error(`error: ${error.message}`);
  else console.error(error);
  process.exit(1);
});
