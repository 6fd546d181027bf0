import bcrypt from "bcryptjs";

const COST = 11;
/** A fixed hash, compared against when the user does not exist, so timing does not reveal usernames. */
const DUMMY_HASH = "$2b$11$CwTycUXWue0Thq9StjUM0uJ8.rQ3GWPnxAJhH/o1L0M8hZJ4Wq5hO";

export function hashPassword(password: string): Promise<string> {
  return bcrypt.hash(password, COST);
}

export async function verifyPassword(password: string, hash: string | null | undefined): Promise<boolean> {
  const ok = await bcrypt.compare(password, hash ?? DUMMY_HASH);
  return ok && !!hash;
}
