// The brand's side of bench/api/run.ts on Postgres: the demo store's API in a process of its own, as a
// brand's backend would be, so the API process measures the platform. Prints its URL, serves until killed.
import { openDatabase } from "@/db/client";
import { startStoreServer } from "@/server/agent/demo/local-store-server";

const database = await openDatabase({ url: process.env.DATABASE_URL, dataDir: "memory://" });
const store = await startStoreServer(database.db);
console.log(store.appUrl);
