"use client";

/**
 * <SessionLab />: one action log, three session strategies side by side (in-memory, sticky, and an
 * external store that is either Redis or JWT). The browser keeps only the log; POST /api/sim
 * replays it for each lane. The run lives in the URL (`?lab=n,n,k1,n&third=jwt`).
 */
import { useCallback, useEffect, useId, useRef, useState, type KeyboardEvent } from "react";
import type { SimStep } from "@/lib/sim/types";
import { Icon } from "./session-lab/icons";
import { Lane } from "./session-lab/lane";
import { MilestoneList, useMilestones } from "./session-lab/milestones";
import {
  LANE_KEYS,
  LANE_TITLE,
  MAX_LAB_TOKENS,
  OUTCOME_WORDS,
  announceStep,
  countRequests,
  firstDisagreement,
  isHttpStep,
  labSearch,
  outcomeOf,
  parseLabSearch,
  requestNumbers,
  sentence,
  serverAlive,
  strategyOf,
  tokensKey,
  type LaneKey,
  type OutcomeKind,
  type Third,
} from "./session-lab/model";
import { PredictPanel, VerdictPanel, verdictSummary, type Picks, type Verdict } from "./session-lab/predict";
import { isCurrent, useLabRuns, visibleSteps } from "./session-lab/use-lab-runs";

type AnnounceKind = "append" | "back" | "reset" | "third";
interface PendingAnnouncement {
  kind: AnnounceKind;
  key: string;
  third: Third;
}
interface PendingVerdict {
  key: string;
  requestNo: number;
  picks: Record<LaneKey, OutcomeKind>;
}

const SHORTCUTS: readonly (readonly [string, string])[] = [
  ["N", "send next request"],
  ["K", "kill S1"],
  ["R", "revive S1"],
  ["B", "step back"],
  ["0", "reset"],
];

const THIRD_NAME: Record<Third, string> = { store: "Redis store", jwt: "JWT" };

function laneName(lane: LaneKey, third: Third): string {
  return lane === "third" ? `External store (${THIRD_NAME[third]})` : LANE_TITLE[lane];
}

function isTextField(el: EventTarget | null): boolean {
  if (!(el instanceof HTMLElement)) return false;
  if (el.isContentEditable || el instanceof HTMLTextAreaElement || el instanceof HTMLSelectElement) return true;
  if (el instanceof HTMLInputElement) {
    return !["radio", "checkbox", "button", "submit", "reset", "range", "color", "file", "image"].includes(el.type);
  }
  return false;
}

export function SessionLab() {
  const uid = useId();
  const rootRef = useRef<HTMLElement>(null);
  const [ready, setReady] = useState(false);
  const [tokens, setTokens] = useState<string[]>([]);
  const [third, setThird] = useState<Third>("store");
  const [note, setNote] = useState<string | null>(null);
  const [predictMode, setPredictMode] = useState(false);
  const [picks, setPicks] = useState<Picks>({});
  const [hint, setHint] = useState(false);
  const [pendingVerdict, setPendingVerdict] = useState<PendingVerdict | null>(null);
  const [live, setLive] = useState("");
  const announceRef = useRef<PendingAnnouncement | null>(null);

  // The first run waits until the learner comes to the lab: the lanes scroll into view (or
  // nearly), the learner focuses or touches the lab, or the URL carries a run (a shared link, a
  // replay from the dashboard). A reader who never reaches the lab costs no simulation, and the
  // page's load does not pay for drawing three lanes below the fold (bench/RESULTS.md: the lab
  // chapter's Total Blocking Time).
  const lanesRef = useRef<HTMLDivElement>(null);
  const [started, setStarted] = useState(false);
  const { lanes, retry } = useLabRuns(tokens, third, ready && started);
  const { reached, saved, report } = useMilestones();

  // Read the run from the URL once, after hydration (the chapter page itself is static).
  useEffect(() => {
    const parsed = parseLabSearch(window.location.search);
    setTokens(parsed.tokens);
    setThird(parsed.third);
    setNote(parsed.problem);
    setReady(true);
    if (parsed.tokens.length > 0) report(parsed.tokens);
  }, [report]);

  useEffect(() => {
    if (!ready || started) return;
    const el = lanesRef.current;
    if (tokens.length > 0 || !el || typeof IntersectionObserver === "undefined") {
      setStarted(true);
      return;
    }
    const io = new IntersectionObserver((entries) => {
      if (entries.some((e) => e.isIntersecting)) setStarted(true);
    }, { rootMargin: "0px 0px 120px 0px" });
    io.observe(el);
    return () => io.disconnect();
  }, [ready, started, tokens.length]);

  // Keep the URL in step with the run (replaceState: the lab's steps are not browser history).
  useEffect(() => {
    if (!ready) return;
    const search = labSearch(tokens, third, window.location.search);
    if (search !== window.location.search) {
      window.history.replaceState(null, "", `${window.location.pathname}${search}${window.location.hash}`);
    }
  }, [ready, tokens, third]);

  // The controls bar sticks below the site header while the lab scrolls by.
  useEffect(() => {
    const root = rootRef.current;
    const header = document.querySelector<HTMLElement>(".site-header");
    if (!root) return;
    const apply = () => {
      const pos = header ? getComputedStyle(header).position : "static";
      const top = header && (pos === "sticky" || pos === "fixed") ? header.getBoundingClientRect().height : 0;
      root.style.setProperty("--sl-sticky-top", `${Math.round(top)}px`);
    };
    apply();
    const ro = header && typeof ResizeObserver !== "undefined" ? new ResizeObserver(apply) : null;
    if (header) ro?.observe(header);
    return () => ro?.disconnect();
  }, []);

  // ---- derived state -----------------------------------------------------------------------
  const key = tokensKey(tokens);
  const visible = LANE_KEYS.map((l) => visibleSteps(lanes[l], strategyOf(l, third), tokens));
  const allCurrent = LANE_KEYS.every((l) => isCurrent(lanes[l], strategyOf(l, third), tokens));
  const complete = visible.every((v): v is SimStep[] => v !== null) ? (visible as SimStep[][]) : null;
  const disagreeAt = complete ? firstDisagreement(complete) : null;
  const logRows = Math.max(
    1,
    ...LANE_KEYS.map((l, i) => {
      const v = visible[i];
      const run = lanes[l];
      if (!v) return 1;
      return v.length + (v.length < tokens.length + 1 && run.pending && run.slow ? 1 : 0);
    }),
  );
  const s1Up = serverAlive(tokens, 1);
  const lastToken = tokens.at(-1);
  const full = tokens.length >= MAX_LAB_TOKENS;
  const nextRequestNo = countRequests(tokens) + 1;
  const needsPrediction = predictMode && lastToken !== undefined && lastToken !== "n";

  const latest = LANE_KEYS.map((l, i) => {
    const v = visible[i];
    const step = v?.findLast(isHttpStep);
    return { lane: l, step, number: step && v ? requestNumbers(v).get(step.index) : undefined };
  });
  const latestNo = Math.max(0, ...latest.map((x) => x.number ?? 0));

  let verdict: Verdict | null = null;
  if (pendingVerdict && allCurrent && pendingVerdict.key === key && complete) {
    const rows = LANE_KEYS.flatMap((lane, i) => {
      const step = complete[i]?.at(-1);
      const actual = step ? outcomeOf(step) : null;
      return actual ? [{ lane, picked: pendingVerdict.picks[lane], actual }] : [];
    });
    if (rows.length === LANE_KEYS.length) verdict = { requestNo: pendingVerdict.requestNo, rows };
  }

  // ---- announcements -------------------------------------------------------------------------
  const say = useCallback((text: string) => {
    // A trailing no-break space toggles so that the same sentence twice is still announced.
    setLive((prev) => (prev.endsWith("\u00a0") ? text : `${text}\u00a0`));
  }, []);

  useEffect(() => {
    const a = announceRef.current;
    if (!a || !allCurrent || !complete || a.key !== key || a.third !== third) return;
    announceRef.current = null;
    const lastSteps = complete.map((steps) => ({ steps, step: steps.at(-1) }));
    const parts: string[] = [];
    if (a.kind === "reset") {
      parts.push("Lab reset: Alice has just logged in, and request 1 was answered OK in every lane.");
    } else if (a.kind === "back") {
      const last = lastSteps[0]?.step;
      if (!last || isHttpStep(last)) parts.push(`Stepped back: the run now ends at request ${countRequests(tokens)}.`);
      else parts.push(`Stepped back: the run now ends with “${last.message}”.`);
    } else if (a.kind === "third") {
      const steps = complete[2] ?? [];
      const step = steps.findLast(isHttpStep);
      parts.push(`The third lane now uses ${third === "jwt" ? "JWTs" : "a Redis store"}.`);
      if (step) parts.push(announceStep(laneName("third", third), step, requestNumbers(steps).get(step.index)));
    } else {
      const first = lastSteps[0]?.step;
      if (first && !isHttpStep(first)) parts.push(`${first.message}.`);
      LANE_KEYS.forEach((lane, i) => {
        const entry = lastSteps[i];
        if (!entry?.step) return;
        const { step, steps } = entry;
        if (isHttpStep(step)) parts.push(announceStep(laneName(lane, third), step, requestNumbers(steps).get(step.index)));
        else parts.push(`${laneName(lane, third)}: ${sentence(step.explanation.replace(/^S\d+ was (killed|already \w+)\.\s*/, "") || step.message)}`);
      });
      if (verdict) parts.push(verdictSummary(verdict));
      if (disagreeAt !== null && disagreeAt === complete[0]!.length - 1) parts.push("The lanes disagree for the first time here.");
    }
    say(parts.join(" "));
  });

  // ---- actions -------------------------------------------------------------------------------
  function commit(next: string[], kind: AnnounceKind) {
    announceRef.current = { kind, key: tokensKey(next), third };
    setTokens(next);
    setHint(false);
  }

  function focusPrediction(lane: LaneKey) {
    const el = rootRef.current?.querySelector<HTMLInputElement>(`.sl-predict__lane[data-lane="${lane}"] input`);
    el?.focus();
  }

  function send() {
    if (!ready) return;
    if (full) {
      say(`The lab holds ${MAX_LAB_TOKENS} steps. Step back or reset to keep going.`);
      return;
    }
    if (needsPrediction) {
      const missing = LANE_KEYS.find((l) => picks[l] === undefined);
      if (missing) {
        setHint(true);
        focusPrediction(missing);
        return;
      }
      setPendingVerdict({
        key: tokensKey([...tokens, "n"]),
        requestNo: nextRequestNo,
        picks: { memory: picks.memory!, sticky: picks.sticky!, third: picks.third! },
      });
    } else {
      setPendingVerdict(null);
    }
    setPicks({});
    const next = [...tokens, "n"];
    commit(next, "append");
    report(next);
  }

  function world(token: "k1" | "r1") {
    if (!ready) return;
    if (full) {
      say(`The lab holds ${MAX_LAB_TOKENS} steps. Step back or reset to keep going.`);
      return;
    }
    if (token === "k1" && !s1Up) return say("S1 is already down. Press R to revive it.");
    if (token === "r1" && s1Up) return say("S1 is already up. Press K to kill it.");
    setPendingVerdict(null);
    setPicks({});
    const next = [...tokens, token];
    commit(next, "append");
    report(next);
  }

  function back() {
    if (!ready || tokens.length === 0) return;
    setPendingVerdict(null);
    setPicks({});
    commit(tokens.slice(0, -1), "back");
  }

  function reset() {
    if (!ready || tokens.length === 0) return;
    setPendingVerdict(null);
    setPicks({});
    commit([], "reset");
  }

  function switchThird(t: Third) {
    if (t === third) return;
    announceRef.current = { kind: "third", key, third: t };
    setThird(t);
  }

  function onKeyDown(e: KeyboardEvent<HTMLElement>) {
    if (e.defaultPrevented || e.altKey || e.ctrlKey || e.metaKey || e.repeat || isTextField(e.target)) return;
    const actions: Record<string, () => void> = {
      n: send,
      k: () => world("k1"),
      r: () => world("r1"),
      b: back,
      "0": reset,
    };
    const act = actions[e.key.toLowerCase()];
    if (!act) return;
    e.preventDefault();
    act();
  }

  const predictContext = lastToken === "k1" ? "S1 just crashed." : lastToken === "r1" ? "S1 has just been restarted." : "Something changed.";

  return (
    <section
      ref={rootRef}
      className="sl"
      aria-labelledby={`${uid}-title`}
      tabIndex={-1}
      onKeyDown={onKeyDown}
      onFocus={() => setStarted(true)}
      onPointerDown={() => setStarted(true)}
    >
      <div className="sl__intro">
        <p className="sl__eyebrow">Live lab</p>
        <h2 id={`${uid}-title`} className="sl__title">
          Where does Alice’s session live?
        </h2>
        <p className="sl__lede">
          Alice logged in with request 1. Every button acts on all three lanes at once, so each lane plays the same scenario: send
          requests, kill S1, and watch where her session survives.
        </p>
      </div>

      {note && (
        <div className="sl-note" role="status">
          <p>{note}</p>
          <button type="button" className="button" onClick={() => setNote(null)}>
            Dismiss
          </button>
        </div>
      )}

      <div className="sl-bar">
        <div className="sl-controls" role="group" aria-label="Lab controls">
          <button
            type="button"
            className="button button--primary sl-send"
            onClick={send}
            aria-disabled={!ready || full}
            aria-keyshortcuts="N"
          >
            Send next request
            <kbd className="sl-kbd" aria-hidden="true">
              N
            </kbd>
          </button>
          <button
            type="button"
            className={`button sl-toggle ${s1Up ? "sl-toggle--kill" : "sl-toggle--revive"}`}
            onClick={() => world(s1Up ? "k1" : "r1")}
            aria-disabled={!ready || full}
            aria-keyshortcuts={s1Up ? "K" : "R"}
          >
            <Icon name={s1Up ? "kill" : "revive"} />
            {s1Up ? "Kill S1" : "Revive S1"}
            <kbd className="sl-kbd" aria-hidden="true">
              {s1Up ? "K" : "R"}
            </kbd>
          </button>
          <button type="button" className="button" onClick={back} aria-disabled={!ready || tokens.length === 0} aria-keyshortcuts="B">
            Step back
            <kbd className="sl-kbd" aria-hidden="true">
              B
            </kbd>
          </button>
          <button type="button" className="button" onClick={reset} aria-disabled={!ready || tokens.length === 0} aria-keyshortcuts="0">
            Reset
            <kbd className="sl-kbd" aria-hidden="true">
              0
            </kbd>
          </button>
        </div>
        <p className="sl-latest">
          <span className="sl-latest__label">
            {latestNo > 0 ? (
              <>
                <span className="sl-latest__word">Request </span>
                <span className="sl-latest__hash" aria-hidden="true">
                  #
                </span>
                {latestNo}
              </>
            ) : (
              "Starting…"
            )}
          </span>
          {latest.map(({ lane, step }) => {
            const kind = step ? outcomeOf(step) : null;
            return (
              <span key={lane} className={`sl-chip sl-chip--${kind ?? "unknown"}`}>
                {kind && <Icon name={kind === "ok" ? "ok" : kind === "out" ? "bad" : "none"} />}
                <span>
                  {lane === "third" ? "External" : LANE_TITLE[lane]}
                  <span className="sl-chip__what">: {kind ? OUTCOME_WORDS[kind] : "…"}</span>
                </span>
              </span>
            );
          })}
        </p>
      </div>

      <div className="sl-options">
        <label className="sl-check">
          <input
            type="checkbox"
            checked={predictMode}
            onChange={(e) => {
              setPredictMode(e.target.checked);
              setHint(false);
            }}
          />
          <span>
            Predict first <span className="sl-muted">(guess each lane before the request after a kill or revive)</span>
          </span>
        </label>
        <p className="sl-keys">
          <span className="sl-keys__label">Keyboard shortcuts while the lab has focus:</span>
          {SHORTCUTS.map(([k, what], i) => (
            <span key={k} className="sl-keys__item">
              <kbd>{k}</kbd> {what}
              {i < SHORTCUTS.length - 1 && <span className="visually-hidden">,</span>}
            </span>
          ))}
        </p>
      </div>

      {needsPrediction && (
        <PredictPanel
          id={`${uid}-predict`}
          requestNo={nextRequestNo}
          context={predictContext}
          picks={picks}
          hint={hint}
          onPick={(lane, kind) => {
            setPicks((p) => ({ ...p, [lane]: kind }));
            setHint(false);
          }}
        />
      )}
      {verdict && <VerdictPanel verdict={verdict} />}

      <div className="sl-lanes" ref={lanesRef}>
        {LANE_KEYS.map((lane) => (
          <Lane
            key={lane}
            lane={lane}
            strategy={strategyOf(lane, third)}
            run={lanes[lane]}
            tokens={tokens}
            logRows={logRows}
            disagreeAt={disagreeAt}
            third={lane === "third" ? { value: third, name: `${uid}-third`, onChange: switchThird } : undefined}
            onRetry={() => retry(lane)}
          />
        ))}
      </div>

      <MilestoneList reached={reached} saved={saved} />

      <p className="visually-hidden" aria-live="polite" aria-atomic="true">
        {live}
      </p>
    </section>
  );
}
