export * from "./auth";
export * from "./workspaces";
export * from "./audit";
export * from "./agents";
export * from "./store";
export * from "./agent-config";
export * from "./conversations";
