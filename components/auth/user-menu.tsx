"use client";

import Link from "next/link";
import { usePathname } from "next/navigation";
import { signOut, useSessionState } from "./session-provider";

export function UserMenu() {
  const { user, status } = useSessionState();
  const pathname = usePathname();
  if (status === "loading") return <span className="user-menu user-menu--loading" aria-hidden="true" />;
  if (!user)
    return (
      <Link className="button" href={`/signin?callbackUrl=${encodeURIComponent(pathname || "/")}`}>
        Sign in
      </Link>
    );
  return (
    <details className="user-menu">
      <summary className="button" aria-label={`Account menu: ${user.name}`}>
        <span className="user-menu__avatar" aria-hidden="true">
          {user.name.slice(0, 1).toUpperCase()}
        </span>
        <span className="user-menu__name">{user.name}</span>
      </summary>
      <div className="user-menu__panel">
        <Link href="/account">Your account</Link>
        {["instructor", "admin"].includes(user.role) ? <Link href="/dashboard">Dashboard</Link> : null}
        <button type="button" onClick={() => void signOut("/")}>
          Sign out
        </button>
      </div>
    </details>
  );
}
