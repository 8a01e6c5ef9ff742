import "server-only";
import { z } from "zod";
import { localAuthSecret } from "@/lib/server/local-secret";

/**
 * Production is a `next start`/`next build` process that is not Lectern's local default
 * (`npm start` / `npm run dev` set LECTERN_LOCAL=1). Production refuses to run without
 * its secrets; the local default generates one into a git-ignored file.
 */
export const isProduction = () => process.env.NODE_ENV === "production" && process.env.LECTERN_LOCAL !== "1";

const ServerEnvSchema = z.object({
  AUTH_SECRET: z.string().min(32, "AUTH_SECRET must be at least 32 characters (try: openssl rand -base64 32)"),
  GITHUB_ID: z.string().optional(),
  GITHUB_SECRET: z.string().optional(),
  GOOGLE_ID: z.string().optional(),
  GOOGLE_SECRET: z.string().optional(),
});
export type ServerEnv = z.infer<typeof ServerEnvSchema>;

export class MissingSecretError extends Error {}

let cached: ServerEnv | undefined;
export function serverEnv(): ServerEnv {
  if (cached) return cached;
  const raw = { ...process.env, AUTH_SECRET: process.env.AUTH_SECRET || process.env.NEXTAUTH_SECRET };
  if (!raw.AUTH_SECRET) {
    if (isProduction())
      throw new MissingSecretError(
        "AUTH_SECRET is not set. Lectern signs sessions with it and every instance must share it: " +
          "set AUTH_SECRET to a random value of 32+ characters (openssl rand -base64 32) and start again.",
      );
    raw.AUTH_SECRET = localAuthSecret();
  }
  const parsed = ServerEnvSchema.safeParse(raw);
  if (!parsed.success) throw new MissingSecretError(parsed.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`).join("; "));
  cached = parsed.data;
  return cached;
}
