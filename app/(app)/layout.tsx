import { redirect } from "next/navigation";
import type { ReactNode } from "react";
import { AppShell } from "@/components/layout/app-shell";
import { CurrentUserProvider } from "@/components/providers/current-user";
import { TrpcProvider } from "@/components/providers/trpc";
import { Toaster } from "@/components/ui/toaster";
import { auth, signOut } from "@/server/auth/config";
import { getDb } from "@/server/db";

export const dynamic = "force-dynamic";

async function signOutAction() {
  "use server";
  await signOut({ redirectTo: "/login" });
}

/** Every page behind login: resolves the user fresh from the database (role changes apply at once). */
export default async function AppLayout({ children }: { children: ReactNode }) {
  const session = await auth();
  if (!session?.user?.id) redirect("/login");
  const db = await getDb();
  const user = await db.user.findUnique({ where: { id: session.user.id }, select: { id: true, username: true, role: true, disabled: true } });
  if (!user || user.disabled) redirect("/login");
  const current = { id: user.id, username: user.username, role: user.role };
  return (
    <TrpcProvider>
      <CurrentUserProvider user={current}>
        <AppShell user={current} signOutAction={signOutAction}>
          {children}
        </AppShell>
        <Toaster />
      </CurrentUserProvider>
    </TrpcProvider>
  );
}
