"use client";

import { createContext, use, useEffect, useState, type ReactNode } from "react";

/**
 * Who is signed in, for the browser's UI (the header's menu, the quiz's "sign in to save").
 * A few lines instead of next-auth/react's SessionProvider, which every page shipped (~7 KB
 * gzip): the session is read from next-auth's own GET /api/auth/session once per page and again
 * when the tab becomes visible. Authorisation never depends on it: every API call is checked on
 * the server. Sign-in forms (signin/signup pages only) still use next-auth/react's signIn.
 */
export interface SessionUser {
  name: string;
  email: string;
  role: string;
}
export type SessionState =
  | { status: "loading"; user: null }
  | { status: "authenticated"; user: SessionUser }
  | { status: "unauthenticated"; user: null };

const LOADING: SessionState = { status: "loading", user: null };
const SIGNED_OUT: SessionState = { status: "unauthenticated", user: null };
const SessionContext = createContext<SessionState>(LOADING);

async function readSession(): Promise<SessionState> {
  const res = await fetch("/api/auth/session", { cache: "no-store", headers: { accept: "application/json" } });
  if (!res.ok) throw new Error(`session: HTTP ${res.status}`);
  const body = (await res.json()) as { user?: Partial<SessionUser> | null };
  const u = body.user;
  if (!u?.email) return SIGNED_OUT;
  return { status: "authenticated", user: { name: u.name ?? u.email, email: u.email, role: u.role ?? "learner" } };
}

export function AuthSessionProvider({ children }: { children: ReactNode }) {
  const [state, setState] = useState<SessionState>(LOADING);
  useEffect(() => {
    let live = true;
    const refresh = () =>
      readSession().then(
        (s) => live && setState(s),
        // Offline or a failed read: keep what we knew; a first read that fails shows "Sign in".
        () => live && setState((prev) => (prev.status === "loading" ? SIGNED_OUT : prev)),
      );
    void refresh();
    const onVisible = () => document.visibilityState === "visible" && void refresh();
    document.addEventListener("visibilitychange", onVisible);
    return () => {
      live = false;
      document.removeEventListener("visibilitychange", onVisible);
    };
  }, []);
  return <SessionContext value={state}>{children}</SessionContext>;
}

export function useSessionState(): SessionState {
  return use(SessionContext);
}

/** Signs out through next-auth's endpoint (with its CSRF token), then loads `callbackUrl`. */
export async function signOut(callbackUrl = "/") {
  const { csrfToken } = (await (await fetch("/api/auth/csrf", { cache: "no-store" })).json()) as { csrfToken: string };
  const res = await fetch("/api/auth/signout", {
    method: "POST",
    headers: { "content-type": "application/x-www-form-urlencoded" },
    body: new URLSearchParams({ csrfToken, callbackUrl, json: "true" }),
  });
  if (!res.ok) throw new Error("Signing out failed; please try again.");
  window.location.assign(callbackUrl);
}
