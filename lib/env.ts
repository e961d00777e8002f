import { randomBytes } from "node:crypto";
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { z } from "zod";

const envSchema = z.object({
  NODE_ENV: z.enum(["development", "test", "production"]).default("development"),
  DATABASE_URL: z
    .url({ message: "DATABASE_URL must be a postgres:// URL, or unset to use the embedded database" })
    .optional(),
  SWITCHBACK_DATA_DIR: z.string().min(1).default(".switchback"),
  AUTH_SECRET: z
    .string()
    .min(32, "AUTH_SECRET must be at least 32 characters: generate one with `openssl rand -base64 33`")
    .optional(),
  SWITCHBACK_SEED_DEMO: z.enum(["0", "1"]).default("1"),
  // Simulated conversations the demo workspace is seeded with (db/seed/demo.ts); 0 for none.
  SWITCHBACK_DEMO_HISTORY: z.coerce.number().int().min(0).max(2000, "SWITCHBACK_DEMO_HISTORY is a number of conversations from 0 to 2000").default(300),
  // The base URL the agent's tools use to reach this app (the demo store's API); default: the request's origin.
  SWITCHBACK_APP_URL: z.url({ message: "SWITCHBACK_APP_URL must be a URL such as https://studio.example.com" }).optional(),
  // Encrypts workspace secrets at rest (AES-256-GCM); when unset, a key is derived from AUTH_SECRET (server/crypto).
  SWITCHBACK_SECRET_KEY: z.string().min(32, "SWITCHBACK_SECRET_KEY must be at least 32 characters: generate one with `openssl rand -base64 33`").optional(),
  // Reverse proxies in front of the app that append to X-Forwarded-For; sign-in throttling per client
  // address reads the entry the outermost one wrote. 0 (clients connect directly): no per-address limit.
  SWITCHBACK_TRUSTED_PROXIES: z.coerce
    .number()
    .int()
    .min(0)
    .max(10, "SWITCHBACK_TRUSTED_PROXIES is the number of reverse proxies in front of the app (0 to 10)")
    .default(0),
});

export type Env = z.infer<typeof envSchema> & { AUTH_SECRET: string; dataDir: string };

function load(): Env {
  const parsed = envSchema.safeParse(process.env);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `  ${i.path.join(".")}: ${i.message}`);
    throw new Error(`Invalid environment:\n${lines.join("\n")}`);
  }
  const dataDir = parsed.data.SWITCHBACK_DATA_DIR.startsWith("memory://")
    ? parsed.data.SWITCHBACK_DATA_DIR
    : path.resolve(parsed.data.SWITCHBACK_DATA_DIR);
  return { ...parsed.data, dataDir, AUTH_SECRET: parsed.data.AUTH_SECRET ?? localAuthSecret(dataDir) };
}

// With no AUTH_SECRET the studio still starts on a fresh machine: a random secret is kept
// beside the embedded data, so sessions survive restarts. Deployments set AUTH_SECRET.
function localAuthSecret(dataDir: string): string {
  if (process.env.DATABASE_URL && process.env.NODE_ENV === "production") {
    throw new Error("Invalid environment:\n  AUTH_SECRET: required in production; generate one with `openssl rand -base64 33`");
  }
  const dir = dataDir.startsWith("memory://") ? path.resolve(".switchback") : dataDir;
  const file = path.join(dir, "auth-secret");
  if (existsSync(file)) return readFileSync(file, "utf8").trim();
  mkdirSync(dir, { recursive: true });
  const secret = randomBytes(33).toString("base64");
  writeFileSync(file, secret, { mode: 0o600 });
  return secret;
}

let cached: Env | undefined;
export function env(): Env {
  cached ??= load();
  return cached;
}

/** The embedded database's folder (PGlite), or undefined when the app uses a Postgres server or memory. */
export function embeddedDataDir(): string | undefined {
  const { DATABASE_URL, dataDir } = env();
  return DATABASE_URL || dataDir.startsWith("memory://") ? undefined : path.join(dataDir, "pgdata");
}
