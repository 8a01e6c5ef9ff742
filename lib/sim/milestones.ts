/**
 * Which lessons has the learner witnessed? Replays the action log through every strategy (with
 * the synchronous replay codec: no secret needed, same outcomes as the API) and looks for:
 *
 * - `memory-failed`: the memory lane answered 401 to a request from a client holding a session
 *   cookie (the round-robin sent it to a server that never saw the session, or lost it).
 * - `sticky-failed-after-kill`: the sticky lane answered 401 to a logged-in request after the
 *   server the client was pinned to (while holding a session) was killed. A later successful
 *   login disarms it until the next such kill.
 * - `external-survived-kill`: in both the store lane and the jwt lane, a request got 200 after a
 *   server that had earlier answered that lane with 200 was killed while the client was logged in.
 *
 * Pure and deterministic. Throws SimInputError (from the engine) if the log is not valid for
 * the server count; feed it logs that passed ActionSchema.
 */
import { runSimSync } from "./engine";
import { DEFAULT_SERVERS, MILESTONES, type Action, type Milestone, type ServerId, type SimStep } from "./types";

function loggedIn(step: SimStep): boolean {
  return step.state.client.sessionId !== null || step.state.client.token !== null;
}

function memoryFailed(steps: readonly SimStep[]): boolean {
  return steps.some((s) => s.action.type === "request" && s.status === 401 && s.state.client.sessionId !== null);
}

function stickyFailedAfterKill(steps: readonly SimStep[]): boolean {
  let armed = false;
  for (const s of steps) {
    if (s.action.type === "kill" && s.reason === "server-killed") {
      // a kill does not change the jar: the state after it still shows the pin and the session
      if (s.state.client.stickyServer === s.action.server && s.state.client.sessionId !== null) armed = true;
    } else if (s.action.type === "login" && s.status === 200) {
      armed = false;
    } else if (s.action.type === "request" && s.status === 401 && armed && s.state.client.sessionId !== null) {
      return true;
    }
  }
  return false;
}

function survivedKill(steps: readonly SimStep[]): boolean {
  const servedUs = new Set<ServerId>();
  let armed = false;
  for (const s of steps) {
    if ((s.action.type === "login" || s.action.type === "request") && s.status === 200 && s.servedBy !== null) {
      if (armed && s.action.type === "request") return true;
      servedUs.add(s.servedBy);
    } else if (s.action.type === "kill" && s.reason === "server-killed" && servedUs.has(s.action.server) && loggedIn(s)) {
      armed = true;
    }
  }
  return false;
}

/** The milestones witnessed by this log, in MILESTONES order. */
export function deriveMilestones(actions: readonly Action[], servers: number = DEFAULT_SERVERS): Milestone[] {
  const lane = (strategy: "memory" | "sticky" | "store" | "jwt") =>
    runSimSync({ strategy, servers, actions: [...actions] }).steps;
  const witnessed = new Set<Milestone>();
  if (memoryFailed(lane("memory"))) witnessed.add("memory-failed");
  if (stickyFailedAfterKill(lane("sticky"))) witnessed.add("sticky-failed-after-kill");
  if (survivedKill(lane("store")) && survivedKill(lane("jwt"))) witnessed.add("external-survived-kill");
  return MILESTONES.filter((m) => witnessed.has(m));
}
