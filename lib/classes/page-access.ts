import "server-only";
import { notFound, redirect } from "next/navigation";
import { getCurrentUser, type CurrentUser } from "@/lib/auth/current-user";
import { HttpError } from "@/lib/http/api";
import { canTeach } from "./service";

/**
 * Dashboard pages: signed out -> the sign-in page (and back here after); a learner -> 404 (the
 * dashboard does not exist for them); an instructor -> through, each loader then checks the class.
 */
export async function dashboardViewer(callbackUrl: string): Promise<CurrentUser> {
  const user = await getCurrentUser();
  if (!user) redirect(`/signin?callbackUrl=${encodeURIComponent(callbackUrl)}`);
  if (!canTeach(user)) notFound();
  return user;
}

/** A loader's 404 (a guessed class id, a learner not in the class) becomes the not-found page. */
export async function orNotFound<T>(load: Promise<T>): Promise<T> {
  try {
    return await load;
  } catch (e) {
    if (e instanceof HttpError && e.status === 404) notFound();
    throw e;
  }
}
