"use client";

import { useRouter } from "next/navigation";
import { useEffect, useState } from "react";

/** Re-renders the (dynamic) page every `seconds` while the tab is visible, so new answers show up. */
export function AutoRefresh({ seconds = 30, at }: { seconds?: number; at: string }) {
  const router = useRouter();
  const [on, setOn] = useState(true);
  useEffect(() => {
    if (!on) return;
    const t = window.setInterval(() => {
      if (document.visibilityState === "visible") router.refresh();
    }, seconds * 1000);
    return () => window.clearInterval(t);
  }, [on, seconds, router]);
  return (
    <p className="dash-refresh small muted">
      Figures as of <time dateTime={at}>{new Date(at).toLocaleTimeString("en-GB", { hour: "2-digit", minute: "2-digit", second: "2-digit", timeZone: "UTC" })} UTC</time>{" "}
      <label>
        <input type="checkbox" checked={on} onChange={(e) => setOn(e.target.checked)} /> Refresh every {seconds} s
      </label>{" "}
      <button type="button" className="button dash-button--small" onClick={() => router.refresh()}>
        Refresh now
      </button>
    </p>
  );
}
