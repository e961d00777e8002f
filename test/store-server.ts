export { startStoreServer, type StoreServer } from "@/server/agent/demo/local-store-server";
