"use client";

import { useCallback, useState } from "react";
import { z } from "zod";
import { MILESTONES, MilestoneSchema, type Milestone } from "@/lib/sim/types";
import { Icon } from "./icons";
import { LAB_SERVERS, toActions } from "./model";

export const MILESTONE_TEXT: Record<Milestone, string> = {
  "memory-failed": "In-memory forgets Alice when a request lands on another server",
  "sticky-failed-after-kill": "Sticky loses Alice when her pinned server dies",
  "external-survived-kill": "External store keeps Alice signed in through a server crash",
};

const AnswerSchema = z.object({ milestones: z.array(MilestoneSchema), saved: z.boolean() });

/**
 * The server replays the log and decides which milestones were reached (and records them for a
 * signed-in learner). Fire-and-forget: a failed call only means the checklist does not update.
 */
export function useMilestones() {
  const [reached, setReached] = useState<ReadonlySet<Milestone>>(() => new Set());
  const [saved, setSaved] = useState<boolean | null>(null);
  const report = useCallback((tokens: readonly string[]) => {
    fetch("/api/lab/milestones", {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ lab: "session-lab", servers: LAB_SERVERS, actions: toActions(tokens) }),
    })
      .then((res) => (res.ok ? res.json() : null))
      .then((body: unknown) => {
        const parsed = AnswerSchema.safeParse(body);
        if (!parsed.success) return;
        setSaved(parsed.data.saved);
        if (parsed.data.milestones.length === 0) return;
        setReached((prev) => {
          if (parsed.data.milestones.every((m) => prev.has(m))) return prev;
          return new Set([...prev, ...parsed.data.milestones]);
        });
      })
      .catch(() => {
        /* ignored: milestones are a bonus, the lab works without them */
      });
  }, []);
  return { reached, saved, report };
}

export function MilestoneList({ reached, saved }: { reached: ReadonlySet<Milestone>; saved: boolean | null }) {
  return (
    <section className="sl-milestones" aria-labelledby="sl-milestones-title">
      <h3 id="sl-milestones-title" className="sl-milestones__title">
        What you have seen <span className="sl-muted">({reached.size} of {MILESTONES.length})</span>
      </h3>
      <ul className="sl-milestones__list">
        {MILESTONES.map((m) => {
          const done = reached.has(m);
          return (
            <li key={m} className={done ? "sl-milestone sl-milestone--done" : "sl-milestone"}>
              <Icon name={done ? "ok" : "todo"} />
              <span>
                <span className="visually-hidden">{done ? "Seen: " : "Not yet: "}</span>
                {MILESTONE_TEXT[m]}
              </span>
            </li>
          );
        })}
      </ul>
      {saved !== null && (
        <p className="sl-muted sl-small">{saved ? "Saved to your progress." : "Sign in to keep these in your progress."}</p>
      )}
    </section>
  );
}
