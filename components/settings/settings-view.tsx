"use client";

import Link from "next/link";
import { BookOpen } from "lucide-react";

import { Button } from "@/components/ui/button";
import { PageHeader } from "@/components/ui/page-header";
import { AccountCard } from "./account-card";
import { ApiTokensCard } from "./api-tokens-card";

export function SettingsView() {
  return (
    <div className="mx-auto flex w-full max-w-5xl flex-col gap-6">
      <PageHeader
        className="mb-0"
        title="Settings"
        description="Your account and the API tokens your scripts use."
        actions={
          <Button asChild variant="outline" size="sm">
            <Link href="/api-docs">
              <BookOpen aria-hidden="true" />
              API reference
            </Link>
          </Button>
        }
      />
      <AccountCard />
      <ApiTokensCard />
    </div>
  );
}
