import type { Metadata } from "next";
import { LoginForm } from "@/components/auth/login-form";

export const metadata: Metadata = { title: "Sign in" };
export const dynamic = "force-dynamic";

const MESSAGES: Record<string, string> = {
  invalid: "Wrong username or password.",
  locked: "Too many failed sign-ins from this address. Wait a few minutes, then try again.",
};

export default async function LoginPage({ searchParams }: { searchParams: Promise<Record<string, string | undefined>> }) {
  const params = await searchParams;
  const error = params.error ? (MESSAGES[params.error] ?? "Sign-in failed.") : undefined;
  return <LoginForm error={error} next={params.next ?? "/"} />;
}
