import { z } from "zod";
import { createTRPCRouter, requirePermission } from "@/server/api/trpc";
import { listFailedJobs } from "@/server/services/jobs/list-failed-jobs";
import { retryFailedJob } from "@/server/services/jobs/retry-failed-job";

export const jobsRouter = createTRPCRouter({
  failed: requirePermission("settings:manage")
    .input(z.object({ limit: z.number().int().min(1).max(200).optional() }))
    .query(({ ctx, input }) => listFailedJobs(ctx, input)),
  retry: requirePermission("settings:manage")
    .input(z.object({ jobId: z.uuid("Unknown job id") }))
    .mutation(({ ctx, input }) => retryFailedJob(ctx, input)),
});
