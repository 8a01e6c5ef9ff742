"use client";

import { signOut } from "next-auth/react";
import { useState } from "react";
import { apiCall } from "@/lib/client/api";

export function SignOutEverywhere() {
  const [error, setError] = useState<string | null>(null);
  return (
    <>
      <button
        type="button"
        className="button"
        onClick={async () => {
          try {
            await apiCall("/api/account/sign-out-everywhere", { body: {} });
            await signOut({ callbackUrl: "/" });
          } catch (e) {
            setError((e as Error).message);
          }
        }}
      >
        Sign out everywhere
      </button>
      <p role="alert">{error}</p>
    </>
  );
}
