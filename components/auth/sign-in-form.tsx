"use client";

import { signIn } from "next-auth/react";
import Link from "next/link";
import { useSearchParams } from "next/navigation";
import { useState, type FormEvent } from "react";
import { safeCallback } from "./safe-callback";

/** What an error code in the address (from next-auth or our OAuth sign-in callback) means to a person. */
const ERRORS: Record<string, string> = {
  OAuthAccountNotLinked: "An account with this email address already exists. Sign in with its email and password.",
  OAuthNoEmail: "That provider did not share an email address, so no account could be opened. Use email and password instead.",
};

export function SignInForm({ providers = [] }: { providers?: { id: string; name: string }[] }) {
  const params = useSearchParams();
  const callbackUrl = safeCallback(params.get("callbackUrl"));
  const [error, setError] = useState<string | null>(() => {
    const code = params.get("error");
    return code ? (ERRORS[code] ?? "Sign-in failed. Please try again.") : null;
  });
  const [busy, setBusy] = useState(false);

  async function onSubmit(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    const form = new FormData(e.currentTarget);
    setBusy(true);
    setError(null);
    const res = await signIn("credentials", { email: String(form.get("email")), password: String(form.get("password")), redirect: false });
    setBusy(false);
    if (!res || res.error) {
      setError(res?.error && res.error !== "CredentialsSignin" ? res.error : "That email and password do not match an account.");
      return;
    }
    // A full navigation so every part of the page sees the new session.
    window.location.assign(callbackUrl);
  }

  return (
    <>
    {providers.length > 0 && (
      <div className="oauth">
        {providers.map((p) => (
          <button key={p.id} type="button" className="button" onClick={() => signIn(p.id, { callbackUrl })}>
            Continue with {p.name}
          </button>
        ))}
        <p className="small muted">or with your email address:</p>
      </div>
    )}
    <form className="card form" onSubmit={onSubmit}>
      <div className="field">
        <label htmlFor="email">Email</label>
        <input id="email" name="email" type="email" autoComplete="email" required />
      </div>
      <div className="field">
        <label htmlFor="password">Password</label>
        <input id="password" name="password" type="password" autoComplete="current-password" required />
      </div>
      <p role="alert" className={error ? "form__error" : "visually-hidden"}>
        {error ?? ""}
      </p>
      <button className="button button--primary" type="submit" disabled={busy}>
        {busy ? "Signing in…" : "Sign in"}
      </button>
      <p className="small muted">
        New here? <Link href={`/signup?callbackUrl=${encodeURIComponent(callbackUrl)}`}>Create an account</Link>.
      </p>
    </form>
    </>
  );
}
