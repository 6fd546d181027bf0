import { Suspense } from "react";
import type { Metadata } from "next";
import { AlertsView } from "@/components/alerts/alerts-view";
import { Skeleton } from "@/components/ui/skeleton";

export const metadata: Metadata = { title: "Alerts" };

export default function AlertsPage() {
  return (
    // useSearchParams (filters in the URL) needs a Suspense boundary.
    <Suspense fallback={<Skeleton className="mx-auto h-96 w-full max-w-7xl" />}>
      <AlertsView />
    </Suspense>
  );
}
