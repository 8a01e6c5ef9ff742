import type { Metadata } from "next";
import { Suspense } from "react";
import { SignInForm } from "@/components/auth/sign-in-form";

export const metadata: Metadata = { title: "Sign in" };

export default function SignInPage() {
  return (
    <main className="page page--narrow">
      <h1>Sign in</h1>
      <p className="lead">Sign in to keep your progress, lab milestones and quiz results on every device.</p>
      <Suspense>
        <SignInForm />
      </Suspense>
    </main>
  );
}
