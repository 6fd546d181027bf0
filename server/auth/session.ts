import { getToken } from "next-auth/jwt";
import { dataDir, env } from "@/server/env";
import { loadAuthSecret } from "./bootstrap";

/**
 * The user id of the Auth.js session cookie on a request, or null. Reads the request itself (not Next's
 * request scope), so the same code serves route handlers, tRPC and tests.
 */
export async function sessionUserId(req: Request): Promise<string | null> {
  const cookie = req.headers.get("cookie");
  if (!cookie || !cookie.includes("authjs.session-token")) return null;
  const token = await getToken({
    req,
    secret: loadAuthSecret({ secret: env.AUTH_SECRET, dataDir: dataDir() }),
    secureCookie: cookie.includes("__Secure-authjs.session-token"),
  });
  return typeof token?.sub === "string" ? token.sub : null;
}
