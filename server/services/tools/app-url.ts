import "server-only";
import { env } from "@/lib/env";

/**
 * This app's base URL for `{{appUrl}}` in calls the studio makes itself (a tool's test call), where no
 * customer request supplies an origin: SWITCHBACK_APP_URL, else the port this server listens on.
 * Never taken from the client: a URL whose origin is exactly this one skips the private-address check.
 */
export function serverAppUrl(): string {
  return (env().SWITCHBACK_APP_URL ?? `http://127.0.0.1:${process.env.PORT ?? "3000"}`).replace(/\/$/, "");
}
