"use client";

import type { inferRouterOutputs } from "@trpc/server";
import type { AppRouter } from "@/server/api/root";

export type QueueView = inferRouterOutputs<AppRouter>["review"]["queues"]["list"][number];
export type ClaimView = NonNullable<inferRouterOutputs<AppRouter>["review"]["queues"]["next"]>;
