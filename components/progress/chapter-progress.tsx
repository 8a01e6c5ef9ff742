"use client";

import Link from "next/link";
import { useEffect, useRef, useState } from "react";
import { apiCall } from "@/lib/client/api";
import { refreshProgress, useCourseProgress } from "./use-progress";

interface Props {
  course: string;
  module: string;
  chapter: string;
}

/** The end of a chapter: reaching it counts as a visit; the learner marks the chapter complete. */
export function ChapterProgress({ course, module, chapter }: Props) {
  const { data } = useCourseProgress(course);
  const sentinel = useRef<HTMLDivElement>(null);
  const [completed, setCompleted] = useState<boolean | null>(null);
  const [busy, setBusy] = useState(false);
  const [message, setMessage] = useState("");
  const signedIn = data?.signedIn === true;
  const fromServer = signedIn ? data.modules.find((m) => m.module === module)?.chapters.find((c) => c.slug === chapter)?.completed ?? false : false;
  const isDone = completed ?? fromServer;

  useEffect(() => {
    if (!signedIn || !sentinel.current) return;
    const io = new IntersectionObserver((entries) => {
      if (entries.some((e) => e.isIntersecting)) {
        io.disconnect();
        apiCall("/api/progress/chapter", { body: { course, module, chapter, event: "visited" } }).catch(() => {});
      }
    });
    io.observe(sentinel.current);
    return () => io.disconnect();
  }, [signedIn, course, module, chapter]);

  async function toggle() {
    setBusy(true);
    setMessage("");
    try {
      const res = await apiCall<{ completed: boolean }>("/api/progress/chapter", {
        body: { course, module, chapter, event: isDone ? "uncompleted" : "completed" },
      });
      setCompleted(res.completed);
      setMessage(res.completed ? "Chapter marked complete." : "Chapter marked as not complete.");
      refreshProgress();
    } catch (e) {
      setMessage((e as Error).message);
    } finally {
      setBusy(false);
    }
  }

  return (
    <div className="chapter-progress card" ref={sentinel}>
      {data === null ? (
        <p className="muted small">Loading your progress…</p>
      ) : signedIn ? (
        <>
          <button type="button" className={`button${isDone ? "" : " button--primary"}`} aria-pressed={isDone} onClick={toggle} disabled={busy}>
            <span aria-hidden="true">{isDone ? "✓" : "○"}</span> {isDone ? "Completed" : "Mark chapter complete"}
          </button>
          <p className="small muted" role="status">
            {message || (isDone ? "You completed this chapter. Press again to undo." : "Mark it complete when you are done.")}
          </p>
        </>
      ) : (
        <p className="small">
          You are reading as a guest: nothing is saved.{" "}
          <Link href={`/signin?callbackUrl=${encodeURIComponent(typeof window === "undefined" ? "/" : window.location.pathname)}`}>Sign in</Link> to
          track your progress and keep your quiz results.
        </p>
      )}
    </div>
  );
}
