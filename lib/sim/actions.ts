/**
 * What each action does to the world, as generators that may *yield* JWT sign/verify requests to
 * the driver (see engine.ts). Each returns the step's outcome (servedBy, status, user, reason,
 * message, explanation).
 */
import { decodeUnverified, tamperToken } from "./jwt";
import {
  DEFAULT_TAMPER_CLAIMS,
  HTTP_ACTION_SECONDS,
  TOKEN_TTL_SECONDS,
  type Action,
  type JwtVerifyResult,
  type KillAction,
  type LabClaims,
  type LoginAction,
  type ReasonCode,
  type ReviveAction,
  type ServerId,
  type TamperAction,
  type WaitAction,
} from "./types";
import { clockText, displayName, durationText, plural } from "./wording";
import { newSessionId, route, serverById, sessionLocation, type Outcome, type World } from "./world";

// ---------------------------------------------------------------------------
// Effects: an action asks the driver to sign / verify (see engine.ts)
// ---------------------------------------------------------------------------

export type JwtOp = { kind: "sign"; claims: LabClaims } | { kind: "verify"; token: string; now: number };
export type JwtReply = { kind: "sign"; token: string } | { kind: "verify"; result: JwtVerifyResult };
export type Effect<T> = Generator<JwtOp, T, JwtReply>;

function* signOp(claims: LabClaims): Effect<string> {
  const reply = yield { kind: "sign", claims };
  if (reply.kind !== "sign") throw new Error("engine driver answered a sign request with a verify result");
  return reply.token;
}

function* verifyOp(token: string, now: number): Effect<JwtVerifyResult> {
  const reply = yield { kind: "verify", token, now };
  if (reply.kind !== "verify") throw new Error("engine driver answered a verify request with a token");
  return reply.result;
}

// ---------------------------------------------------------------------------
// HTTP actions
// ---------------------------------------------------------------------------

/** What `server` answered to an HTTP request. */
function answer(server: ServerId, status: 200 | 401 | 503, user: string | null, reason: ReasonCode, message: string, explanation: string): Outcome {
  return { servedBy: server, status, user, reason, message, explanation };
}

function noServer(): Outcome {
  return {
    servedBy: null,
    status: 503,
    user: null,
    reason: "no-server-available",
    message: "No server available",
    explanation: "Every server is down: the load balancer has nowhere to send the request.",
  };
}

function storeUnavailable(server: ServerId, what: string): Outcome {
  return answer(
    server,
    503,
    null,
    "store-unavailable",
    "Session store unavailable",
    `${server} is up but cannot reach the session store to ${what}: the store is now a dependency of every logged-in request.`,
  );
}

function* login(w: World, action: LoginAction, index: number): Effect<Outcome> {
  const routed = route(w);
  if (!routed) return noServer();
  const { server, how } = routed;
  const name = displayName(action.user);
  const welcome = `Hi ${name}, you are logged in`;

  if (w.strategy === "jwt") {
    const claims: LabClaims = { sub: action.user, name, iat: w.clock, exp: w.clock + TOKEN_TTL_SECONDS };
    w.client.token = yield* signOp(claims);
    return answer(server.id, 200, action.user, "token-issued", welcome,
      `${how}; ${server.id} signed a token (HS256) valid until ${clockText(claims.exp)} and kept nothing.`,
    );
  }

  const previous = w.client.sessionId;
  if (w.strategy === "store") {
    const store = w.store;
    if (!store) throw new Error("store strategy without a store");
    if (!store.up) return storeUnavailable(server.id, "save your new session");
    if (previous !== null) store.sessions.delete(previous);
    const id = newSessionId(w, index, action.user);
    store.sessions.set(id, action.user);
    w.client.sessionId = id;
    return answer(server.id, 200, action.user, "session-created", welcome,
      `${how}; ${server.id} saved session ${id} in the shared store (Set-Cookie: sid=${id}).`,
    );
  }

  // memory / sticky
  if (previous !== null) server.memory.delete(previous);
  const id = newSessionId(w, index, action.user);
  server.memory.set(id, action.user);
  w.client.sessionId = id;
  return answer(server.id, 200, action.user, "session-created", welcome,
    `${how}; ${server.id} created session ${id} in its own memory (Set-Cookie: sid=${id}).`,
  );
}

function* request(w: World): Effect<Outcome> {
  const routed = route(w);
  if (!routed) return noServer();
  const { server, how } = routed;

  if (w.strategy === "jwt") {
    const token = w.client.token;
    if (token === null) {
      return answer(server.id, 401, null, "no-token", "Please log in",
        `${how}; the request carried no token, so ${server.id} cannot tell who you are.`,
      );
    }
    const result = yield* verifyOp(token, w.clock);
    if (result.valid && result.reason === "ok") {
      const sub = result.payload?.sub;
      const user = typeof sub === "string" ? sub : null;
      const nameClaim = result.payload?.name;
      const name = typeof nameClaim === "string" ? nameClaim : displayName(user ?? "there");
      return answer(server.id, 200, user, "token-valid",
        `Hi ${name}`, `${how}; ${server.id} checked the token's signature with the shared secret and its exp: no session lookup needed.`,
      );
    }
    const failure: Record<Exclude<JwtVerifyResult["reason"], "ok">, [ReasonCode, string]> = {
      "bad-signature": [
        "token-bad-signature",
        `${server.id} recomputed the HMAC of the header and payload with the shared secret: it does not match the signature, so the token was altered (or signed with another key).`,
      ],
      expired: [
        "token-expired",
        `the token's exp${typeof result.payload?.exp === "number" ? ` (${clockText(result.payload.exp)})` : ""} has passed; ${server.id} refuses it even though the signature is fine.`,
      ],
      malformed: ["token-malformed", `${server.id} could not decode the token as a JWT.`],
      "alg-not-allowed": ["token-alg-not-allowed", `${server.id} only accepts HS256 tokens; this one names another algorithm.`],
    };
    // A verifier that says "not valid" but "ok" is contradicting itself: treat it as undecodable.
    const [reason, why] = failure[result.reason === "ok" ? "malformed" : result.reason];
    return answer(server.id, 401, null, reason, "Please log in again", `${how}; ${why}`);
  }

  const sessionId = w.client.sessionId;
  if (sessionId === null) {
    return answer(server.id, 401, null, "no-session-cookie", "Please log in", `${how}; the request carried no session cookie.`);
  }

  if (w.strategy === "store") {
    const store = w.store;
    if (!store) throw new Error("store strategy without a store");
    if (!store.up) return storeUnavailable(server.id, "look up your session");
    const user = store.sessions.get(sessionId);
    if (user === undefined) {
      return answer(server.id, 401, null, "session-not-found", "Please log in again",
        `${how}; the shared store has no session ${sessionId}.`,
      );
    }
    return answer(server.id, 200, user, "session-valid",
      `Hi ${displayName(user)}`, `${how}; ${server.id} found session ${sessionId} in the shared store.`,
    );
  }

  const user = server.memory.get(sessionId);
  if (user === undefined) {
    return answer(server.id, 401, null, "session-not-found", "Please log in again",
      `${how}; ${server.id} has no session ${sessionId} in its memory (${sessionLocation(w, sessionId)}).`,
    );
  }
  return answer(server.id, 200, user, "session-valid",
    `Hi ${displayName(user)}`, `${how}; ${server.id} found session ${sessionId} in its own memory.`,
  );
}

function* logout(w: World): Effect<Outcome> {
  const routed = route(w);
  if (!routed) return noServer();
  const { server, how } = routed;

  if (w.strategy === "jwt") {
    const token = w.client.token;
    if (token === null) {
      return answer(server.id, 200, null, "already-logged-out", "You are logged out", `${how}; there was no token to forget.`);
    }
    const result = yield* verifyOp(token, w.clock);
    const sub = result.valid && result.reason === "ok" ? result.payload?.sub : undefined;
    const exp = result.payload?.exp;
    w.client.token = null;
    const until = typeof exp === "number" ? ` (${clockText(exp)})` : "";
    return answer(server.id, 200, typeof sub === "string" ? sub : null, "token-discarded", "You are logged out",
      `${how}; your browser deleted its token, but ${server.id} cannot revoke it: any copy stays valid until its exp${until}.`,
    );
  }

  const sessionId = w.client.sessionId;
  if (sessionId === null) {
    return answer(server.id, 200, null, "already-logged-out", "You are logged out",
      `${how}; the request carried no session cookie, so there was nothing to delete.`,
    );
  }

  if (w.strategy === "store") {
    const store = w.store;
    if (!store) throw new Error("store strategy without a store");
    if (!store.up) return storeUnavailable(server.id, "delete your session");
    const user = store.sessions.get(sessionId);
    store.sessions.delete(sessionId);
    w.client.sessionId = null;
    if (user === undefined) {
      return answer(server.id, 200, null, "cookie-cleared", "You are logged out",
        `${how}; the store had no session ${sessionId}; ${server.id} cleared your cookie.`,
      );
    }
    return answer(server.id, 200, user, "session-deleted",
      `Goodbye, ${displayName(user)}`, `${how}; ${server.id} deleted session ${sessionId} from the shared store: it is gone for every server.`,
    );
  }

  const user = server.memory.get(sessionId);
  w.client.sessionId = null;
  if (user === undefined) {
    return answer(server.id, 200, null, "cookie-cleared", "You are logged out",
      `${how}; ${server.id} had no session ${sessionId} to delete. Your browser forgot the cookie, but ${sessionLocation(w, sessionId)}.`,
    );
  }
  server.memory.delete(sessionId);
  return answer(server.id, 200, user, "session-deleted",
    `Goodbye, ${displayName(user)}`, `${how}; ${server.id} deleted session ${sessionId} from its memory and cleared your cookie.`,
  );
}

// ---------------------------------------------------------------------------
// World actions
// ---------------------------------------------------------------------------

function world(reason: ReasonCode, message: string, explanation: string): Outcome {
  return { servedBy: null, status: null, user: null, reason, message, explanation };
}

function kill(w: World, action: KillAction): Outcome {
  const server = serverById(w, action.server);
  if (!server.alive) return world("server-already-dead", `${server.id} is already down`, `${server.id} was not running.`);
  const lost = server.memory.size;
  server.alive = false;
  server.memory.clear();
  let consequence: string;
  if (w.strategy === "store") consequence = "Sessions live in the shared store, so nothing was lost.";
  else if (w.strategy === "jwt") consequence = "It kept no session state: tokens carry it.";
  else consequence = `${plural(lost, "session")} in its memory died with it.`;
  if (w.strategy === "sticky" && w.client.stickyServer === server.id) {
    consequence += ` Your SERVERID cookie still points at ${server.id}.`;
  }
  return world("server-killed", `${server.id} crashed`, `${server.id} was killed. ${consequence}`);
}

function revive(w: World, action: ReviveAction): Outcome {
  const server = serverById(w, action.server);
  if (server.alive) return world("server-already-alive", `${server.id} is already up`, `${server.id} was already running.`);
  server.alive = true;
  server.memory.clear();
  return world(
    "server-revived",
    `${server.id} is back`,
    w.strategy === "memory" || w.strategy === "sticky"
      ? `${server.id} restarted as a fresh process: its memory is empty, the old sessions do not come back.`
      : `${server.id} restarted as a fresh process; it needs no local state to serve you.`,
  );
}

function tamper(w: World, action: TamperAction): Outcome {
  const token = w.client.token;
  if (w.strategy !== "jwt") {
    return world(
      "nothing-to-tamper",
      "Nothing to edit",
      "There is no token here: the session cookie is an opaque random id, and the data it points to lives on the server.",
    );
  }
  const claims = action.claims ?? DEFAULT_TAMPER_CLAIMS;
  const edited = token === null ? null : tamperToken(token, claims);
  if (token === null || edited === null) {
    return world("nothing-to-tamper", "Nothing to edit", "The browser holds no token to edit.");
  }
  w.client.token = edited;
  const keys = Object.keys(claims);
  return world(
    "token-tampered",
    "Token edited",
    edited === token
      ? "You rewrote the payload with the values it already had: the bytes did not change, so the old signature still matches."
      : `You changed ${keys.length === 0 ? "nothing" : keys.join(", ")} in the payload and kept the old signature: anyone can edit a JWT, only the secret can sign one.`,
  );
}

function storeDown(w: World): Outcome {
  if (!w.store) return world("no-store", "No store here", "This strategy has no shared session store.");
  if (!w.store.up) return world("store-already-down", "Store already down", "The session store was already unreachable.");
  w.store.up = false;
  return world(
    "store-down",
    "Session store down",
    "The shared store is unreachable. Its data is persisted, but until it returns no server can read or write sessions.",
  );
}

function storeUp(w: World): Outcome {
  if (!w.store) return world("no-store", "No store here", "This strategy has no shared session store.");
  if (w.store.up) return world("store-already-up", "Store already up", "The session store was already reachable.");
  w.store.up = true;
  return world(
    "store-up",
    "Session store back",
    `The store is back with its ${plural(w.store.sessions.size, "session")} (it persists data, like Redis with AOF).`,
  );
}

function wait(w: World, action: WaitAction): Outcome {
  w.clock += action.seconds;
  let note = "";
  if (w.strategy === "jwt" && w.client.token !== null) {
    const exp = tokenExp(w.client.token);
    if (exp !== null) {
      const nextRequestAt = w.clock + HTTP_ACTION_SECONDS;
      note =
        exp <= nextRequestAt
          ? ` Your token's exp (${clockText(exp)}) has passed by the next request.`
          : ` Your token stays valid until ${clockText(exp)}.`;
    }
  }
  return world(
    "time-passed",
    `${durationText(action.seconds)} later`,
    `The virtual clock moved to ${clockText(w.clock)}.${note}`,
  );
}

function tokenExp(token: string): number | null {
  const exp = decodeUnverified(token).payload?.exp;
  return typeof exp === "number" ? exp : null;
}

// ---------------------------------------------------------------------------
// Dispatch
// ---------------------------------------------------------------------------

/** login, request and logout are HTTP requests through the load balancer; the rest change the world. */
export function isHttp(action: Action): boolean {
  return action.type === "login" || action.type === "request" || action.type === "logout";
}

export function* step(w: World, action: Action, index: number): Effect<Outcome> {
  switch (action.type) {
    case "login":
      return yield* login(w, action, index);
    case "request":
      return yield* request(w);
    case "logout":
      return yield* logout(w);
    case "kill":
      return kill(w, action);
    case "revive":
      return revive(w, action);
    case "tamper":
      return tamper(w, action);
    case "storeDown":
      return storeDown(w);
    case "storeUp":
      return storeUp(w);
    case "wait":
      return wait(w, action);
  }
}
