"use client";

import { SessionProvider } from "next-auth/react";
import type { ReactNode } from "react";

export function AuthSessionProvider({ children }: { children: ReactNode }) {
  // No polling: the session is read once per page and on focus.
  return <SessionProvider refetchOnWindowFocus>{children}</SessionProvider>;
}
