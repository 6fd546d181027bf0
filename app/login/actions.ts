"use server";

import { AuthError } from "next-auth";
import { redirect } from "next/navigation";
import { signIn } from "@/server/auth/config";

/** Login form action: Auth.js credentials sign-in, then back to where the user was going. */
export async function loginAction(formData: FormData): Promise<void> {
  const next = safeNext(formData.get("next"));
  try {
    await signIn("credentials", {
      username: String(formData.get("username") ?? ""),
      password: String(formData.get("password") ?? ""),
      redirectTo: next,
    });
  } catch (error) {
    if (error instanceof AuthError) {
      const code = (error as AuthError & { code?: string }).code === "locked" ? "locked" : "invalid";
      redirect(`/login?error=${code}&next=${encodeURIComponent(next)}`);
    }
    throw error; // NEXT_REDIRECT on success
  }
}

/** Only same-site paths: never redirect to another origin after login. */
function safeNext(value: FormDataEntryValue | null): string {
  const s = typeof value === "string" ? value : "";
  return s.startsWith("/") && !s.startsWith("//") ? s : "/";
}
