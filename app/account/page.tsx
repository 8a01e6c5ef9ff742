import type { Metadata } from "next";
import { redirect } from "next/navigation";
import { SignOutEverywhere } from "@/components/auth/sign-out-everywhere";
import { getCurrentUser } from "@/lib/auth/current-user";
import { db } from "@/lib/db";

export const metadata: Metadata = { title: "Your account" };
export const dynamic = "force-dynamic";

export default async function AccountPage() {
  const user = await getCurrentUser();
  if (!user) redirect("/signin?callbackUrl=/account");
  const sessions = await db.authSession.findMany({
    where: { userId: user.id, revokedAt: null, expiresAt: { gt: new Date() } },
    orderBy: { lastSeenAt: "desc" },
  });
  return (
    <main className="page page--narrow">
      <h1>Your account</h1>
      <dl className="card facts">
        <dt>Name</dt>
        <dd>{user.name}</dd>
        <dt>Email</dt>
        <dd>{user.email}</dd>
        <dt>Role</dt>
        <dd>{user.role}</dd>
      </dl>
      <h2>Where you are signed in</h2>
      <p>
        You are signed in on {sessions.length} browser{sessions.length === 1 ? "" : "s"}. Signing out everywhere ends all of them,
        this one included, on their next request.
      </p>
      <SignOutEverywhere />
    </main>
  );
}
