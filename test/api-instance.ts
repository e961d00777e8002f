// One app instance in a process of its own — the hosted API on its own port over its own database
// handle — for tests of several instances on one database and of a process killed mid-turn. Run by
// `startApiInstance` (test/api-instance-process.ts); prints `{ "url": … }` on stdout once it serves.
import { openDatabase } from "@/db/client";
import { startApiServer } from "@/server/services/hosted-api/node-server";

const database = await openDatabase({ url: process.env.DATABASE_URL, dataDir: process.env.INSTANCE_DATA_DIR ?? "memory://" });
const api = await startApiServer({ db: database.db, appUrl: process.env.INSTANCE_APP_URL! });
console.log(JSON.stringify({ url: api.url }));
// Serves until the parent closes stdin (or kills it).
process.stdin.resume();
process.stdin.on("end", () => void api.close().then(() => database.close()).then(() => process.exit(0)));
