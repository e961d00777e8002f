import { z } from "zod";
import { changeRoleInput, createInviteInput, removeMemberInput } from "@/lib/schemas/workspace";
import { authedProcedure, createTRPCRouter, requirePermission } from "@/server/api/trpc";
import { acceptInvite, describeInvite } from "@/server/services/members/accept-invite";
import { changeMemberRole, removeMember } from "@/server/services/members/change-member";
import { createInvite } from "@/server/services/members/create-invite";
import { listInvites, listMembers } from "@/server/services/members/list-members";
import { revokeInvite } from "@/server/services/members/revoke-invite";

const tokenInput = z.object({ token: z.string().min(10).max(100) });

export const membersRouter = createTRPCRouter({
  list: requirePermission("members:read").query(({ ctx }) => listMembers(ctx)),
  invites: requirePermission("members:manage").query(({ ctx }) => listInvites(ctx)),
  invite: requirePermission("members:manage").input(createInviteInput).mutation(({ ctx, input }) => createInvite(ctx, input)),
  revokeInvite: requirePermission("members:manage")
    .input(z.object({ inviteId: z.uuid() }))
    .mutation(({ ctx, input }) => revokeInvite(ctx, input)),
  changeRole: requirePermission("members:manage").input(changeRoleInput).mutation(({ ctx, input }) => changeMemberRole(ctx, input)),
  remove: requirePermission("members:manage").input(removeMemberInput).mutation(({ ctx, input }) => removeMember(ctx, input)),
  describeInvite: authedProcedure.input(tokenInput).query(({ ctx, input }) => describeInvite(ctx, input.token)),
  acceptInvite: authedProcedure.input(tokenInput).mutation(({ ctx, input }) => acceptInvite(ctx, input.token)),
});
