import "server-only";
import { getServerSession } from "next-auth";
import { HttpError } from "@/lib/http/api";
import { authOptions } from "./options";
import { loadAuthSession } from "./sessions";

export type Role = "learner" | "instructor" | "admin";
export interface CurrentUser {
  id: string;
  email: string;
  name: string;
  role: Role;
  sid: string;
}

/** The signed-in user, checked against the database on every call (revocation takes effect at once). */
export async function getCurrentUser(): Promise<CurrentUser | null> {
  const session = (await getServerSession(authOptions())) as { sid?: string } | null;
  if (!session?.sid) return null;
  const row = await loadAuthSession(session.sid);
  if (!row) return null;
  return { id: row.user.id, email: row.user.email, name: row.user.name, role: row.user.role as Role, sid: row.id };
}

export async function requireUser(): Promise<CurrentUser> {
  const user = await getCurrentUser();
  if (!user) throw new HttpError(401, "Sign in to do this.");
  return user;
}

export async function requireRole(...roles: Role[]): Promise<CurrentUser> {
  const user = await requireUser();
  if (!roles.includes(user.role)) throw new HttpError(403, "Your account is not allowed to do this.");
  return user;
}
