import "server-only";
import { createHash } from "node:crypto";
import { localAuthSecret } from "./local-secret";

/**
 * The lab's JWT signing secret. Every instance must share it (docs/deploy.md).
 * LAB_JWT_SECRET wins; otherwise it is derived from AUTH_SECRET (or the local,
 * git-ignored secret file in development) so a single secret is enough to run.
 */
export function getLabJwtSecret(): Uint8Array {
  const explicit = process.env.LAB_JWT_SECRET;
  if (explicit && explicit.length >= 32) return new TextEncoder().encode(explicit);
  const base = process.env.AUTH_SECRET || localAuthSecret();
  return new Uint8Array(createHash("sha256").update(`lectern-lab-jwt:${base}`).digest());
}
