import type { ReactNode } from "react";

/** Small inline icons for the session lab (SVG, so no font can turn them into boxes). Always decorative: words carry the meaning. */
export type IconName = "ok" | "bad" | "none" | "kill" | "revive" | "diamond" | "server" | "pin" | "cookie" | "key" | "db" | "lb" | "pending" | "todo";

const PATHS: Record<IconName, ReactNode> = {
  ok: <path d="M3.5 8.5l3 3 6-7" />,
  bad: <path d="M4 4l8 8M12 4l-8 8" />,
  none: (
    <>
      <circle cx="8" cy="8" r="5.5" />
      <path d="M4.2 11.8l7.6-7.6" />
    </>
  ),
  kill: <path d="M9 1.5L3.5 9h4L6.5 14.5 12.5 6.5h-4z" />,
  revive: (
    <>
      <path d="M13 8a5 5 0 1 1-1.6-3.7" />
      <path d="M12 1.8v3h-3" />
    </>
  ),
  diamond: <path d="M8 2l6 6-6 6-6-6z" />,
  server: (
    <>
      <rect x="2.5" y="2.5" width="11" height="4.5" rx="1" />
      <rect x="2.5" y="9" width="11" height="4.5" rx="1" />
    </>
  ),
  pin: <path d="M8 14.5s4.5-4.3 4.5-7.8a4.5 4.5 0 0 0-9 0C3.5 10.2 8 14.5 8 14.5zM8 8.2a1.6 1.6 0 1 0 0-3.2 1.6 1.6 0 0 0 0 3.2z" />,
  cookie: (
    <>
      <path d="M13.5 8.5A5.5 5.5 0 1 1 7.5 2.5a2.2 2.2 0 0 0 2.7 2.7 2.2 2.2 0 0 0 3.3 3.3z" />
      <path d="M6 7h.01M9 10.5h.01M5.5 10.5h.01" />
    </>
  ),
  key: (
    <>
      <circle cx="5.5" cy="10.5" r="3" />
      <path d="M7.6 8.4L13.5 2.5M11.5 4.5l1.8 1.8" />
    </>
  ),
  db: (
    <>
      <ellipse cx="8" cy="3.8" rx="5" ry="1.8" />
      <path d="M3 3.8v8.4c0 1 2.2 1.8 5 1.8s5-.8 5-1.8V3.8M3 8c0 1 2.2 1.8 5 1.8s5-.8 5-1.8" />
    </>
  ),
  lb: (
    <>
      <circle cx="3.5" cy="8" r="1.8" />
      <path d="M5.3 8h3M8.3 8l4-4.5M8.3 8h4M8.3 8l4 4.5" />
    </>
  ),
  pending: (
    <>
      <circle cx="8" cy="8" r="5.5" />
      <path d="M8 5v3l2 1.5" />
    </>
  ),
  todo: <circle cx="8" cy="8" r="5.5" />,
};

export function Icon({ name, className }: { name: IconName; className?: string }) {
  return (
    <svg
      className={`sl-icon sl-icon--${name}${className ? ` ${className}` : ""}`}
      viewBox="0 0 16 16"
      width="16"
      height="16"
      fill="none"
      stroke="currentColor"
      strokeWidth="1.8"
      strokeLinecap="round"
      strokeLinejoin="round"
      aria-hidden="true"
      focusable="false"
    >
      {PATHS[name]}
    </svg>
  );
}
