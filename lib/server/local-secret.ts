import { randomBytes } from "node:crypto";
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";

/**
 * For the local default only: a secret generated once and kept in a git-ignored
 * file (.auth-secret at the project root), so restarts and several local
 * instances agree on it. Production must set AUTH_SECRET (lib/env.ts enforces it).
 */
export function localAuthSecret(): string {
  const file = path.join(/*turbopackIgnore: true*/ process.cwd(), ".auth-secret");
  if (existsSync(file)) return readFileSync(file, "utf8").trim();
  const secret = randomBytes(32).toString("base64url");
  try {
    writeFileSync(file, secret + "\n", { flag: "wx", mode: 0o600 });
  } catch {
    // Another process wrote it first: use theirs so every instance agrees.
    return readFileSync(file, "utf8").trim();
  }
  return secret;
}
