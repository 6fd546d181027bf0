import { createHash, randomBytes } from "node:crypto";

/** API tokens look like `hfm_<43 base64url chars>`; only their SHA-256 is stored. */
export function generateApiToken(): { token: string; hash: string; prefix: string } {
  const token = `hfm_${randomBytes(32).toString("base64url")}`;
  return { token, hash: hashApiToken(token), prefix: token.slice(0, 12) };
}

export function hashApiToken(token: string): string {
  return createHash("sha256").update(token).digest("hex");
}
