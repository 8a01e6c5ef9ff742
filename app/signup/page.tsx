import type { Metadata } from "next";
import { Suspense } from "react";
import { SignUpForm } from "@/components/auth/sign-up-form";

export const metadata: Metadata = { title: "Create an account" };

export default function SignUpPage() {
  return (
    <main className="page page--narrow">
      <h1>Create an account</h1>
      <p className="lead">Free. Your progress follows you from device to device.</p>
      <Suspense>
        <SignUpForm />
      </Suspense>
    </main>
  );
}
