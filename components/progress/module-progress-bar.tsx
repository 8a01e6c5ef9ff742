"use client";

import { useState } from "react";
import { apiCall } from "@/lib/client/api";
import { refreshProgress, useCourseProgress } from "./use-progress";

export function ProgressBar({ percent, label }: { percent: number; label: string }) {
  return (
    <div className="progress">
      <div className="progress__track" role="progressbar" aria-label={label} aria-valuemin={0} aria-valuemax={100} aria-valuenow={percent}>
        <div className="progress__fill" style={{ width: `${percent}%` }} />
      </div>
    </div>
  );
}

/** The module's progress for a signed-in learner, with "continue" and "reset". Guests see nothing. */
export function ModuleProgressBar({ course, module, showActions = false }: { course: string; module: string; showActions?: boolean }) {
  const { data } = useCourseProgress(course);
  const [confirming, setConfirming] = useState(false);
  const [status, setStatus] = useState("");
  if (!data?.signedIn) return null;
  const mod = data.modules.find((m) => m.module === module);
  if (!mod) return null;
  return (
    <section className="module-progress" aria-label="Your progress">
      <p className="module-progress__text">
        <strong>{mod.percent}%</strong> complete · {mod.completed} of {mod.total} chapters
        {mod.quiz && mod.quiz.answered > 0 && (
          <>
            {" "}
            · quiz {Math.round(mod.quiz.score * 100)}%{mod.quiz.passed ? " (passed)" : ""}
          </>
        )}
      </p>
      <ProgressBar percent={mod.percent} label={`Module progress: ${mod.percent}%`} />
      {showActions && (
        <div className="module-progress__actions">
          {mod.resume && (
            <a className="button button--primary" href={mod.resume.href}>
              Continue: {mod.resume.title}
            </a>
          )}
          {confirming ? (
            <span className="confirm">
              Clear this module’s progress and start a new quiz attempt?{" "}
              <button
                type="button"
                className="button"
                onClick={async () => {
                  try {
                    await apiCall("/api/progress/reset", { body: { course, module } });
                    setStatus("Progress reset. Your earlier quiz attempts stay on record.");
                    refreshProgress();
                  } catch (e) {
                    setStatus((e as Error).message);
                  }
                  setConfirming(false);
                }}
              >
                Yes, reset
              </button>{" "}
              <button type="button" className="button" onClick={() => setConfirming(false)}>
                Cancel
              </button>
            </span>
          ) : (
            <button type="button" className="button" onClick={() => setConfirming(true)}>
              Reset module progress
            </button>
          )}
        </div>
      )}
      <p role="status" className="small muted">
        {status}
      </p>
    </section>
  );
}
