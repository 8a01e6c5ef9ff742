import type { ReactNode } from "react";

const labels = { note: "Note", tip: "Tip", warning: "Warning" } as const;

export function Callout({ type = "note", title, children }: { type?: keyof typeof labels; title?: string; children?: ReactNode }) {
  return (
    <aside className={`callout callout--${type}`} aria-label={title ?? labels[type]}>
      <p className="callout__title">
        <span className="callout__icon" aria-hidden="true">
          {type === "warning" ? "!" : type === "tip" ? "→" : "i"}
        </span>
        {title ?? labels[type]}
      </p>
      <div className="callout__body">{children}</div>
    </aside>
  );
}
