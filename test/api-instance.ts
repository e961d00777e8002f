// One app instance in a process of its own — the hosted API on its own port over its own database
// handle — for tests of several instances on one database and of a process killed mid-turn. Run by
// `startApiInstance` (test/api-instance-process.ts); prints `{ "url": … }` on stdout once it serves.
import { startApiServer } from "@/server/services/hosted-api/node-server";

// As under Next.js, the database is opened by a copy of db/client.ts other than the one the routes
// import: Next bundles instrumentation (which opens it) apart from the routes, so module state in
// db/client.ts is not shared between the two. The query string makes Node load a second copy.
const instrumentationCopy = "../db/client.ts?instrumentation";
const { openDatabase } = (await import(instrumentationCopy)) as typeof import("@/db/client");

const database = await openDatabase({ url: process.env.DATABASE_URL, dataDir: process.env.INSTANCE_DATA_DIR ?? "memory://" });
const api = await startApiServer({ db: database.db, appUrl: process.env.INSTANCE_APP_URL! });
console.log(JSON.stringify({ url: api.url }));
// Serves until the parent closes stdin (or kills it).
process.stdin.resume();
process.stdin.on("end", () => void api.close().then(() => database.close()).then(() => process.exit(0)));
