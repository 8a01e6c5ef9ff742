"use client";

import { useState } from "react";
import { apiCall } from "@/lib/client/api";
import { signOut } from "./session-provider";

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
            await signOut("/");
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
