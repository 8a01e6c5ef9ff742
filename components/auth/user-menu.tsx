"use client";

import { signOut, useSession } from "next-auth/react";
import Link from "next/link";
import { usePathname } from "next/navigation";

export function UserMenu() {
  const { data, status } = useSession();
  const pathname = usePathname();
  if (status === "loading") return <span className="user-menu user-menu--loading" aria-hidden="true" />;
  if (!data?.user)
    return (
      <Link className="button" href={`/signin?callbackUrl=${encodeURIComponent(pathname || "/")}`}>
        Sign in
      </Link>
    );
  return (
    <details className="user-menu">
      <summary className="button" aria-label={`Account menu: ${data.user.name ?? "you"}`}>
        <span className="user-menu__avatar" aria-hidden="true">
          {(data.user.name ?? "?").slice(0, 1).toUpperCase()}
        </span>
        <span className="user-menu__name">{data.user.name}</span>
      </summary>
      <div className="user-menu__panel">
        <Link href="/account">Your account</Link>
        {["instructor", "admin"].includes((data.user as { role?: string }).role ?? "") ? <Link href="/dashboard">Dashboard</Link> : null}
        <button type="button" onClick={() => signOut({ callbackUrl: "/" })}>
          Sign out
        </button>
      </div>
    </details>
  );
}
