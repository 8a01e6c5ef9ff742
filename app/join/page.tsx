import type { Metadata } from "next";
import Link from "next/link";
import { JoinForm, LeaveButton } from "@/components/dashboard/join-form";
import { getCurrentUser } from "@/lib/auth/current-user";
import { learnerClasses } from "@/lib/classes/service";

export const metadata: Metadata = { title: "Join a class" };
export const dynamic = "force-dynamic";

export default async function JoinPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const raw = (await searchParams).code;
  const code = (Array.isArray(raw) ? raw[0] : raw)?.slice(0, 32) ?? "";
  const user = await getCurrentUser();
  const back = `/join${code ? `?code=${encodeURIComponent(code)}` : ""}`;
  if (!user)
    return (
      <main className="page page--narrow">
        <h1>Join a class</h1>
        <p>Your instructor gave you a class code. Sign in (or create an account) first, then join: your instructor will see your progress in the course.</p>
        <p>
          <Link className="button button--primary" href={`/signin?callbackUrl=${encodeURIComponent(back)}`}>
            Sign in to join
          </Link>{" "}
          <Link className="button" href={`/signup?callbackUrl=${encodeURIComponent(back)}`}>
            Create an account
          </Link>
        </p>
      </main>
    );
  const mine = await learnerClasses(user.id);
  return (
    <main className="page page--narrow">
      <h1>Join a class</h1>
      <p className="muted">
        When you join, the class&apos;s instructor sees your chapters, lab milestones and quiz answers in this course. You can leave at any time.
      </p>
      <JoinForm initialCode={code} />
      <section aria-labelledby="your-classes" className="dash-section">
        <h2 id="your-classes">Your classes</h2>
        {mine.length === 0 ? (
          <p className="muted">You are not in any class yet.</p>
        ) : (
          <ul className="dash-mine">
            {mine.map((c) => (
              <li key={c.id}>
                <span>
                  <strong>{c.name}</strong> <span className="muted small">· {c.courseTitle}</span>
                </span>
                <LeaveButton classId={c.id} name={c.name} />
              </li>
            ))}
          </ul>
        )}
      </section>
    </main>
  );
}
