import { signUpInput } from "@/lib/schemas/account";
import { authedProcedure, createTRPCRouter, publicProcedure } from "@/server/api/trpc";
import { revokeAllSessions } from "@/server/services/sessions/revoke-session";
import { createUser } from "@/server/services/users/create-user";

export const accountRouter = createTRPCRouter({
  signUp: publicProcedure.input(signUpInput).mutation(({ ctx, input }) => createUser(ctx.db, input)),
  me: authedProcedure.query(({ ctx }) => ctx.user),
  signOutEverywhere: authedProcedure.mutation(({ ctx }) => revokeAllSessions(ctx)),
});
