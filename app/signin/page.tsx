import type { Metadata } from "next";
import { Suspense } from "react";
import { SignInForm } from "@/components/auth/sign-in-form";
import { serverEnv } from "@/lib/env";

export const metadata: Metadata = { title: "Sign in" };
export const dynamic = "force-dynamic";

export default function SignInPage() {
  const env = serverEnv();
  // OAuth providers appear only when their credentials are configured.
  const providers = [
    ...(env.GITHUB_ID && env.GITHUB_SECRET ? [{ id: "github", name: "GitHub" }] : []),
    ...(env.GOOGLE_ID && env.GOOGLE_SECRET ? [{ id: "google", name: "Google" }] : []),
  ];
  return (
    <main className="page page--narrow">
      <h1>Sign in</h1>
      <p className="lead">Sign in to keep your progress, lab milestones and quiz results on every device.</p>
      <Suspense>
        <SignInForm providers={providers} />
      </Suspense>
    </main>
  );
}
