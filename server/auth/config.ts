import "server-only";
import NextAuth, { CredentialsSignin } from "next-auth";
import Credentials from "next-auth/providers/credentials";
import { getDb } from "@/db/client";
import { env } from "@/lib/env";
import { throttledCode } from "@/lib/sign-in-errors";
import { sessionMaxAgeSeconds } from "@/server/services/sessions/create-session";
import { revokeSession } from "@/server/services/sessions/revoke-session";
import { signIn } from "@/server/services/users/sign-in";
import { clientAddress } from "./client-address";

class SignInThrottled extends CredentialsSignin {
  constructor(retryAfterSeconds: number) {
    super();
    this.code = throttledCode(retryAfterSeconds);
  }
}

declare module "next-auth" {
  interface Session {
    sid?: string;
  }
}

/**
 * `readSession` only decodes the cookie: whether its session is still signed in is known from the
 * database alone. Ask currentUser() (server/auth/current-user.ts), never readSession, who is asking.
 */
export const {
  handlers,
  auth: readSession,
  signOut,
} = NextAuth({
  secret: env().AUTH_SECRET,
  trustHost: true,
  session: { strategy: "jwt", maxAge: sessionMaxAgeSeconds },
  pages: { signIn: "/sign-in" },
  // A wrong or throttled password is an expected outcome, not a server error: one line, no stack.
  logger: {
    error(error) {
      if (error instanceof CredentialsSignin) console.warn(`[auth] sign-in refused (${error.code})`);
      else console.error(error);
    },
  },
  providers: [
    Credentials({
      credentials: { email: { type: "email" }, password: { type: "password" } },
      authorize: async (credentials, request) => {
        const address = clientAddress(request.headers, env().SWITCHBACK_TRUSTED_PROXIES);
        const result = await signIn(await getDb(), { credentials, address });
        if (result.ok) return { ...result.user, sessionId: result.sessionId };
        if (result.reason === "throttled") throw new SignInThrottled(result.retryAfterSeconds);
        return null;
      },
    }),
  ],
  callbacks: {
    jwt({ token, user }) {
      if (user) return { ...token, uid: user.id, sid: (user as { sessionId?: string }).sessionId };
      return token;
    },
    session({ session, token }) {
      if (typeof token.uid === "string") session.user.id = token.uid;
      if (typeof token.sid === "string") session.sid = token.sid;
      return session;
    },
  },
  events: {
    signOut: async (message) => {
      if ("token" in message) await revokeSession(await getDb(), message.token);
    },
  },
});
