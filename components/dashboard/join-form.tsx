"use client";

import Link from "next/link";
import { useRouter } from "next/navigation";
import { useState } from "react";
import { apiCall } from "@/lib/client/api";

interface Joined {
  class: { id: string; name: string; courseTitle: string; href: string };
}

export function JoinForm({ initialCode }: { initialCode: string }) {
  const router = useRouter();
  const [error, setError] = useState<string | null>(null);
  const [joined, setJoined] = useState<Joined["class"] | null>(null);
  const [busy, setBusy] = useState(false);
  return (
    <>
      <form
        className="form dash-join"
        onSubmit={async (e) => {
          e.preventDefault();
          const code = String(new FormData(e.currentTarget).get("code") ?? "");
          setBusy(true);
          setError(null);
          try {
            const res = await apiCall<Joined>("/api/classes/join", { body: { code } });
            setJoined(res.class);
            router.refresh();
          } catch (err) {
            setError((err as Error).message);
          } finally {
            setBusy(false);
          }
        }}
      >
        <div className="field">
          <label htmlFor="join-code">Class code</label>
          <input
            id="join-code"
            name="code"
            required
            maxLength={32}
            autoComplete="off"
            autoCapitalize="characters"
            spellCheck={false}
            defaultValue={initialCode}
            className="dash-code-input"
            aria-describedby="join-code-hint"
          />
          <p id="join-code-hint" className="muted small">
            Eight letters and digits, from your instructor.
          </p>
        </div>
        <div>
          <button type="submit" className="button button--primary" disabled={busy}>
            {busy ? "Joining…" : "Join class"}
          </button>
        </div>
      </form>
      <div role="status" aria-live="polite">
        {joined ? (
          <p className="dash-notice">
            You joined <strong>{joined.name}</strong>. Your instructor now sees your progress in {joined.courseTitle}.{" "}
            <Link href={joined.href}>Go to the course</Link>
          </p>
        ) : null}
      </div>
      {error ? (
        <p className="form__error" role="alert">
          {error}
        </p>
      ) : null}
    </>
  );
}

export function LeaveButton({ classId, name }: { classId: string; name: string }) {
  const router = useRouter();
  const [error, setError] = useState<string | null>(null);
  return (
    <>
      <button
        type="button"
        className="button"
        onClick={async () => {
          if (!window.confirm(`Leave ${name}? Your instructor will no longer see your progress.`)) return;
          try {
            await apiCall(`/api/classes/${encodeURIComponent(classId)}/leave`, { body: {} });
            router.refresh();
          } catch (err) {
            setError((err as Error).message);
          }
        }}
      >
        Leave<span className="visually-hidden"> {name}</span>
      </button>
      {error ? (
        <span className="form__error" role="alert">
          {error}
        </span>
      ) : null}
    </>
  );
}
