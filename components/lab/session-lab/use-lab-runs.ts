"use client";

/**
 * Runs the lab's action log through POST /api/sim, once per lane, in parallel.
 *
 * - Each lane has a sequence number: a response that is not the lane's latest is ignored.
 * - The engine is deterministic and replays the log from the start, so the steps for a log are a
 *   prefix of the steps for any longer log: Step back and Reset are answered from a cache.
 * - "slow" turns on only after SLOW_MS, so quick answers never flash a loading indicator.
 * - A failed or timed-out call keeps the lane's last steps on screen and reports an error.
 */
import { useCallback, useEffect, useRef, useState } from "react";
import { ApiErrorSchema, SimResultSchema, type SimStep } from "@/lib/sim/types";
import { LAB_SERVERS, LANE_KEYS, commonPrefix, strategyOf, toActions, tokensKey, type LabStrategy, type LaneKey, type Third } from "./model";

export const SLOW_MS = 150;
/** After this long the lane says so and offers Retry (the call keeps going). */
export const STALL_MS = 4_000;
/** After this long the call is given up and reported as an error. */
export const TIMEOUT_MS = 15_000;

export interface LaneRun {
  /** The strategy and log the steps are for (null before the first answer). */
  strategy: LabStrategy | null;
  tokens: string[] | null;
  steps: SimStep[] | null;
  pending: boolean;
  /** Pending for longer than SLOW_MS. */
  slow: boolean;
  /** Pending for longer than STALL_MS. */
  stalled: boolean;
  error: string | null;
}

const EMPTY: LaneRun = { strategy: null, tokens: null, steps: null, pending: false, slow: false, stalled: false, error: null };

class LabFetchError extends Error {}

async function fetchSteps(strategy: LabStrategy, tokens: readonly string[], signal: AbortSignal): Promise<SimStep[]> {
  let res: Response;
  try {
    res = await fetch("/api/sim", {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ strategy, servers: LAB_SERVERS, actions: toActions(tokens) }),
      signal,
      cache: "no-store",
    });
  } catch (e) {
    if (signal.aborted) throw e;
    throw new LabFetchError("Could not reach the simulator. Check your connection, then retry.");
  }
  let body: unknown = null;
  try {
    body = await res.json();
  } catch {
    body = null;
  }
  if (!res.ok) {
    const apiError = ApiErrorSchema.safeParse(body);
    if (apiError.success) throw new LabFetchError(`The simulator refused this run (${res.status}): ${apiError.data.error}`);
    throw new LabFetchError(`The simulator had a problem (HTTP ${res.status}).`);
  }
  const parsed = SimResultSchema.safeParse(body);
  if (!parsed.success || parsed.data.steps.length !== tokens.length + 1) {
    throw new LabFetchError("The simulator sent an answer this page does not understand. Reloading the page may help.");
  }
  return parsed.data.steps;
}

export function useLabRuns(tokens: readonly string[], third: Third, enabled: boolean) {
  const [lanes, setLanes] = useState<Record<LaneKey, LaneRun>>({ memory: EMPTY, sticky: EMPTY, third: EMPTY });
  const seq = useRef<Record<LaneKey, number>>({ memory: 0, sticky: 0, third: 0 });
  const controllers = useRef<Partial<Record<LaneKey, AbortController>>>({});
  /** Per strategy: the longest run fetched so far (shorter logs are its prefixes). */
  const cache = useRef(new Map<LabStrategy, { tokens: string[]; steps: SimStep[] }>());
  const current = useRef({ tokens: [...tokens], third });

  const patch = useCallback((lane: LaneKey, p: Partial<LaneRun>) => {
    setLanes((prev) => ({ ...prev, [lane]: { ...prev[lane], ...p } }));
  }, []);

  const run = useCallback(
    (lane: LaneKey, log: readonly string[], thirdChoice: Third) => {
      const strategy = strategyOf(lane, thirdChoice);
      const tokensCopy = [...log];
      const my = ++seq.current[lane];
      controllers.current[lane]?.abort();
      controllers.current[lane] = undefined;

      const cached = cache.current.get(strategy);
      if (cached && commonPrefix(cached.tokens, tokensCopy) === tokensCopy.length) {
        patch(lane, {
          strategy,
          tokens: tokensCopy,
          steps: cached.steps.slice(0, tokensCopy.length + 1),
          pending: false,
          slow: false,
          stalled: false,
          error: null,
        });
        return;
      }

      const ctrl = new AbortController();
      controllers.current[lane] = ctrl;
      patch(lane, { pending: true, slow: false, stalled: false, error: null });
      const slowTimer = setTimeout(() => {
        if (seq.current[lane] === my) patch(lane, { slow: true });
      }, SLOW_MS);
      const stallTimer = setTimeout(() => {
        if (seq.current[lane] === my) patch(lane, { stalled: true });
      }, STALL_MS);
      let timedOut = false;
      const timeout = setTimeout(() => {
        timedOut = true;
        ctrl.abort();
      }, TIMEOUT_MS);

      fetchSteps(strategy, tokensCopy, ctrl.signal)
        .then(
          (steps) => {
            const known = cache.current.get(strategy);
            if (!known || commonPrefix(known.tokens, tokensCopy) !== tokensCopy.length) {
              cache.current.set(strategy, { tokens: tokensCopy, steps });
            }
            if (seq.current[lane] !== my) return; // an older answer: ignore it
            patch(lane, { strategy, tokens: tokensCopy, steps, pending: false, slow: false, stalled: false, error: null });
          },
          (err: unknown) => {
            if (seq.current[lane] !== my) return;
            const message = timedOut
              ? "The simulator is taking too long to answer."
              : err instanceof LabFetchError
                ? err.message
                : "Could not reach the simulator. Check your connection, then retry.";
            patch(lane, { pending: false, slow: false, stalled: false, error: message });
          },
        )
        .finally(() => {
          clearTimeout(slowTimer);
          clearTimeout(stallTimer);
          clearTimeout(timeout);
          if (controllers.current[lane] === ctrl) controllers.current[lane] = undefined;
        });
    },
    [patch],
  );

  const key = tokensKey(tokens);
  useEffect(() => {
    current.current = { tokens: key === "" ? [] : key.split(","), third };
    if (!enabled) return;
    for (const lane of LANE_KEYS) run(lane, current.current.tokens, third);
  }, [enabled, key, third, run]);

  useEffect(
    () => () => {
      for (const lane of LANE_KEYS) controllers.current[lane]?.abort();
    },
    [],
  );

  const retry = useCallback(
    (lane?: LaneKey) => {
      const { tokens: log, third: t } = current.current;
      for (const l of lane ? [lane] : LANE_KEYS) run(l, log, t);
    },
    [run],
  );

  return { lanes, retry };
}

/** The steps a lane can show for the current log (its strategy must match; stale steps are cut to the shared prefix). */
export function visibleSteps(run: LaneRun, strategy: LabStrategy, tokens: readonly string[]): SimStep[] | null {
  if (run.strategy !== strategy || run.steps === null || run.tokens === null) return null;
  return run.steps.slice(0, commonPrefix(run.tokens, tokens) + 1);
}

export function isCurrent(run: LaneRun, strategy: LabStrategy, tokens: readonly string[]): boolean {
  return run.strategy === strategy && run.tokens !== null && tokensKey(run.tokens) === tokensKey(tokens) && !run.pending;
}
