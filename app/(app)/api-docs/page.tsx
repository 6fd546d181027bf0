import type { Metadata } from "next";
import { ApiReference } from "@/components/api-docs/api-reference";
import { buildApiModel } from "@/components/api-docs/model";
import { requestOrigin } from "@/components/api-docs/origin";
import { openApiDocument } from "@/server/trpc/openapi";

export const metadata: Metadata = { title: "API reference" };

export default async function ApiDocsPage() {
  return <ApiReference model={buildApiModel(openApiDocument())} origin={await requestOrigin()} />;
}
