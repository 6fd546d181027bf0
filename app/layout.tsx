import type { Metadata } from "next";
import type { ReactNode } from "react";
import { geistMono, geistSans } from "./fonts";
import "./globals.css";

export const metadata: Metadata = {
  title: { default: "Hedgehog Fabric Manager", template: "%s · Hedgehog Fabric Manager" },
  description: "Desired state, GitOps, live state and drift for Hedgehog Open Network Fabric",
};

export default function RootLayout({ children }: { children: ReactNode }) {
  return (
    <html lang="en" className={`${geistSans.variable} ${geistMono.variable}`}>
      <body className="min-h-screen bg-background font-sans text-foreground antialiased">{children}</body>
    </html>
  );
}
