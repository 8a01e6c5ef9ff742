/**
 * The session-strategy simulation engine: `(scenario, actions) -> trace`.
 *
 * Pure and deterministic: no clock, no randomness, no I/O. Time is a virtual clock that starts at
 * SIM_EPOCH, advances HTTP_ACTION_SECONDS before each HTTP action (login/request/logout) and by
 * `seconds` on `wait`. Session ids are derived from the action's position in the log.
 *
 * The only effectful dependency is the JWT signer/verifier. The engine is written as a generator
 * that *yields* sign/verify requests, so one engine serves two drivers:
 *   - `runSim(input, jwt)`      async, for the real jose codec (the API route);
 *   - `runSimSync(input, jwt?)` sync, with the secret-free replay codec (browser replays, milestones).
 *
 * Modelling choices (documented here because a trace depends on them):
 * - Load balancer: round-robin over live servers starting at S1; a dead server is skipped and the
 *   pointer moves past whichever server was picked. Sticky: the LB inserts a `SERVERID` cookie
 *   (HAProxy `cookie SERVERID insert`); while the pinned server is alive every request goes there;
 *   when it is dead the LB picks the next live server round-robin and re-pins the client.
 * - A 401 does not clear the client's cookies (a browser keeps them until told otherwise), which is
 *   why memory round-robin alternates 401 / 200 as the pointer comes back to the right server.
 * - Login rotates the session: if the serving server (or the store) holds the session the client
 *   already has, it is deleted and a fresh id is issued. Sessions left on other servers stay there.
 * - Server-side sessions do not expire on their own; only JWTs carry an expiry (`exp`).
 * - The store (store strategy) behaves like a Redis with persistence: `storeDown` makes every action
 *   that must read or write it answer 503 `store-unavailable`; `storeUp` brings it back with its
 *   sessions intact. A request without a session cookie never touches the store (401, not 503).
 * - JWT logout only makes the browser forget its token: nothing server-side can revoke a stateless
 *   token, so a copy keeps verifying until `exp` (see the `token-discarded` reason).
 * - Killing a server loses its memory; reviving it starts a fresh process with empty memory.
 */
import { isHttp, step, type Effect, type JwtReply } from "./actions";
import { createReplayJwt, type LabJwt, type LabJwtSync } from "./jwt";
import { ENGINE_VERSION, HTTP_ACTION_SECONDS, SimInputSchema, type SimInput, type SimInputRaw, type SimResult, type SimStep } from "./types";
import { createWorld, snapshot } from "./world";

export { displayName } from "./wording";

// ---------------------------------------------------------------------------
// The run
// ---------------------------------------------------------------------------

function* simulate(input: SimInput): Effect<SimResult> {
  const w = createWorld(input);
  const steps: SimStep[] = [];
  for (let index = 0; index < input.actions.length; index++) {
    const action = input.actions[index];
    if (action === undefined) continue;
    if (isHttp(action)) w.clock += HTTP_ACTION_SECONDS;
    const outcome = yield* step(w, action, index);
    steps.push({
      index,
      action,
      servedBy: outcome.servedBy,
      status: outcome.status,
      user: outcome.user,
      reason: outcome.reason,
      message: outcome.message,
      explanation: outcome.explanation,
      state: snapshot(w),
    });
  }
  return { engineVersion: ENGINE_VERSION, strategy: input.strategy, servers: input.servers, steps };
}

/** Thrown by the engine for input that does not satisfy SimInputSchema (the API validates first). */
export class SimInputError extends Error {
  readonly issues: { path: string; message: string }[];
  constructor(issues: { path: string; message: string }[]) {
    super(`invalid simulation input: ${issues.map((i) => `${i.path || "(root)"}: ${i.message}`).join("; ")}`);
    this.name = "SimInputError";
    this.issues = issues;
  }
}

function parseInput(input: SimInputRaw): SimInput {
  const parsed = SimInputSchema.safeParse(input);
  if (!parsed.success) {
    throw new SimInputError(parsed.error.issues.map((i) => ({ path: i.path.map(String).join("."), message: i.message })));
  }
  return parsed.data;
}

/** Run a scenario with a real (async) signer/verifier, e.g. `createJoseJwt(secret)`. */
export async function runSim(input: SimInputRaw, jwt: LabJwt): Promise<SimResult> {
  const run = simulate(parseInput(input));
  let next = run.next();
  while (!next.done) {
    const op = next.value;
    const reply: JwtReply =
      op.kind === "sign"
        ? { kind: "sign", token: await jwt.sign(op.claims) }
        : { kind: "verify", result: await jwt.verify(op.token, op.now) };
    next = run.next(reply);
  }
  return next.value;
}

/**
 * Run a scenario synchronously. Defaults to the secret-free replay codec: the outcomes
 * (servedBy, status, user, reason) match `runSim` with jose; only the token signatures differ.
 */
export function runSimSync(input: SimInputRaw, jwt: LabJwtSync = createReplayJwt()): SimResult {
  const run = simulate(parseInput(input));
  let next = run.next();
  while (!next.done) {
    const op = next.value;
    const reply: JwtReply =
      op.kind === "sign"
        ? { kind: "sign", token: jwt.sign(op.claims) }
        : { kind: "verify", result: jwt.verify(op.token, op.now) };
    next = run.next(reply);
  }
  return next.value;
}
