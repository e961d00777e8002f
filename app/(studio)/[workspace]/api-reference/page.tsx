import type { Metadata } from "next";
import { headers } from "next/headers";
import { ApiReference } from "@/components/api-keys/api-reference";
import { env } from "@/lib/env";
import { apiErrorCodes } from "@/server/services/hosted-api/errors";
import { openApiDocument } from "@/server/services/hosted-api/openapi";

export const metadata: Metadata = { title: "API reference" };

export default async function Page({ params }: { params: Promise<{ workspace: string }> }) {
  const { workspace } = await params;
  const h = await headers();
  const origin = env().SWITCHBACK_APP_URL ?? `${h.get("x-forwarded-proto") ?? "http"}://${h.get("host") ?? "localhost:3000"}`;
  return <ApiReference workspace={workspace} document={openApiDocument(origin.replace(/\/$/, ""))} errors={apiErrorCodes} />;
}
