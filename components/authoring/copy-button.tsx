"use client";

import { useRef, useState } from "react";

/** Copies a snippet to the clipboard; falls back to selecting it when the clipboard API is unavailable. */
export function CopyButton({ text, label, targetId }: { text: string; /** Accessible name, e.g. "Copy the Callout example". */ label?: string; targetId?: string }) {
  const [state, setState] = useState<"idle" | "copied" | "select">("idle");
  const timer = useRef<ReturnType<typeof setTimeout> | undefined>(undefined);

  async function copy() {
    clearTimeout(timer.current);
    try {
      await navigator.clipboard.writeText(text);
      setState("copied");
    } catch {
      // No clipboard (plain http, or permission refused): select the code so Ctrl+C works.
      const el = targetId ? document.getElementById(targetId) : null;
      if (el) {
        const range = document.createRange();
        range.selectNodeContents(el);
        const sel = window.getSelection();
        sel?.removeAllRanges();
        sel?.addRange(range);
      }
      setState("select");
    }
    timer.current = setTimeout(() => setState("idle"), 2500);
  }

  return (
    <>
      <button type="button" className="button copy-button" onClick={copy} aria-label={label}>
        {state === "copied" ? "Copied" : "Copy"}
      </button>
      <span className="copy-button__status" role="status">
        {state === "copied" ? "Copied to the clipboard" : state === "select" ? "Selected: press Ctrl+C (⌘C) to copy" : ""}
      </span>
    </>
  );
}
