import NextAuth, { CredentialsSignin } from "next-auth";
import Credentials from "next-auth/providers/credentials";
import { z } from "zod";
import { getDb } from "@/server/db";
import { dataDir, env } from "@/server/env";
import { loadAuthSecret } from "./bootstrap";
import { checkCredentials, clientIp } from "./credentials";
import type { RoleName } from "@/lib/roles";

class LockedOut extends CredentialsSignin {
  code = "locked";
}

declare module "next-auth" {
  interface User {
    role?: RoleName;
    username?: string;
  }
  interface Session {
    user: { id: string; username: string; role: RoleName; name?: string | null };
  }
}

const loginInput = z.object({ username: z.string().min(1).max(200), password: z.string().min(1).max(1000) });

/** Auth.js (next-auth v5): credentials login, JWT sessions. Configured lazily so `next build` reads no secrets. */
export const { handlers, auth, signIn, signOut } = NextAuth(() => ({
  trustHost: true,
  secret: loadAuthSecret({ secret: env.AUTH_SECRET, dataDir: dataDir() }),
  session: { strategy: "jwt", maxAge: 12 * 60 * 60 },
  pages: { signIn: "/login" },
  logger: {
    // Auth.js logs a stack for every wrong password; one line without credentials is enough.
    error: (error) => {
      if (!(error instanceof CredentialsSignin)) console.error(`[auth] ${error.name}: ${error.message}`);
    },
  },
  providers: [
    Credentials({
      credentials: { username: { label: "Username" }, password: { label: "Password", type: "password" } },
      authorize: async (raw, request) => {
        const parsed = loginInput.safeParse(raw);
        if (!parsed.success) return null;
        const db = await getDb();
        const result = await checkCredentials(db, { ...parsed.data, ip: clientIp(request.headers) });
        if (result.ok) return { id: result.user.id, name: result.user.username, username: result.user.username, role: result.user.role };
        if (result.reason === "locked") throw new LockedOut();
        return null;
      },
    }),
  ],
  callbacks: {
    jwt({ token, user }) {
      if (user) {
        token.sub = user.id;
        token.username = user.username;
        token.role = user.role;
      }
      return token;
    },
    session({ session, token }) {
      session.user = {
        ...session.user,
        id: token.sub ?? "",
        username: typeof token.username === "string" ? token.username : "",
        role: (token.role as RoleName | undefined) ?? "viewer",
      };
      return session;
    },
  },
}));
