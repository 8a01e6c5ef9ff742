/**
 * The simulated world: servers (each with its own memory), the optional shared store, the load
 * balancer's round-robin pointer, the client's cookie jar and the virtual clock; plus the load
 * balancer itself (`route`), snapshots for the trace, and deterministic session ids.
 */
import { fnv1a32 } from "./jwt";
import { SIM_EPOCH, serverIdsFor, type HttpStatus, type ReasonCode, type ServerId, type SimInput, type SimState, type Strategy } from "./types";

export interface ServerRuntime {
  id: ServerId;
  alive: boolean;
  /** session id -> user, in insertion order */
  memory: Map<string, string>;
}

export interface World {
  strategy: Strategy;
  servers: ServerRuntime[];
  store: { up: boolean; sessions: Map<string, string> } | null;
  /** index of the server whose round-robin turn is next (it may be dead) */
  rr: number;
  client: { sessionId: string | null; stickyServer: ServerId | null; token: string | null };
  clock: number;
  issuedIds: Set<string>;
}

export interface Outcome {
  servedBy: ServerId | null;
  status: HttpStatus | null;
  user: string | null;
  reason: ReasonCode;
  message: string;
  explanation: string;
}

export function createWorld(input: SimInput): World {
  return {
    strategy: input.strategy,
    servers: serverIdsFor(input.servers).map((id) => ({ id, alive: true, memory: new Map() })),
    store: input.strategy === "store" ? { up: true, sessions: new Map() } : null,
    rr: 0,
    client: { sessionId: null, stickyServer: null, token: null },
    clock: SIM_EPOCH,
    issuedIds: new Set(),
  };
}

export function snapshot(w: World): SimState {
  return {
    clock: w.clock,
    servers: w.servers.map((s) => ({
      id: s.id,
      alive: s.alive,
      memory: Array.from(s.memory, ([id, user]) => ({ id, user })),
    })),
    store: w.store ? { up: w.store.up, sessions: Array.from(w.store.sessions, ([id, user]) => ({ id, user })) } : null,
    lb: { next: peekNextLive(w)?.id ?? null, pinned: w.strategy === "sticky" ? w.client.stickyServer : null },
    client: { ...w.client },
  };
}

export function serverById(w: World, id: ServerId): ServerRuntime {
  const server = w.servers.find((s) => s.id === id);
  // Unreachable after SimInputSchema validation (it rejects ids beyond the server count).
  if (!server) throw new Error(`server ${id} does not exist in this run`);
  return server;
}

function peekNextLiveIndex(w: World): number | null {
  const n = w.servers.length;
  for (let k = 0; k < n; k++) {
    const i = (w.rr + k) % n;
    if (w.servers[i]?.alive) return i;
  }
  return null;
}

export function peekNextLive(w: World): ServerRuntime | null {
  const i = peekNextLiveIndex(w);
  return i === null ? null : (w.servers[i] ?? null);
}

/** Round-robin pick: the next live server; the pointer moves past it. */
export function pickRoundRobin(w: World): ServerRuntime | null {
  const i = peekNextLiveIndex(w);
  if (i === null) return null;
  w.rr = (i + 1) % w.servers.length;
  return w.servers[i] ?? null;
}

export interface Routed {
  server: ServerRuntime;
  /** How the load balancer chose (one clause, for explanations). */
  how: string;
}

/** The load balancer: null when no server is alive (the client gets a 503 from the LB itself). */
export function route(w: World): Routed | null {
  if (w.strategy === "sticky") {
    const pinned = w.client.stickyServer;
    if (pinned !== null) {
      const server = serverById(w, pinned);
      if (server.alive) return { server, how: `your SERVERID cookie pins you to ${server.id}` };
    }
    const server = pickRoundRobin(w);
    if (!server) return null;
    w.client.stickyServer = server.id;
    return {
      server,
      how:
        pinned === null
          ? `the load balancer picked ${server.id} round-robin and pinned you to it (Set-Cookie: SERVERID=${server.id})`
          : `your pinned server ${pinned} is down, so the load balancer re-pinned you to ${server.id} (Set-Cookie: SERVERID=${server.id})`,
    };
  }
  const server = pickRoundRobin(w);
  return server ? { server, how: `round-robin sent you to ${server.id}` } : null;
}

/** Where else a session id lives (memory strategies), for explanations. */
export function holders(w: World, sessionId: string): ServerId[] {
  return w.servers.filter((s) => s.memory.has(sessionId)).map((s) => s.id);
}

export function sessionLocation(w: World, sessionId: string): string {
  const where = holders(w, sessionId);
  return where.length === 0 ? "no server holds it any more" : `it lives in ${where.join(", ")}'s memory`;
}

// ---------------------------------------------------------------------------
// Session ids
// ---------------------------------------------------------------------------

/** `sess_` + 6 hex chars from a hash of the log position (and user); unique within a run. */
export function newSessionId(w: World, index: number, user: string): string {
  for (let salt = 0; ; salt++) {
    const hash = fnv1a32(`${index}:${user}:${salt}`);
    const id = `sess_${(hash >>> 8).toString(16).padStart(6, "0")}`;
    if (!w.issuedIds.has(id)) {
      w.issuedIds.add(id);
      return id;
    }
  }
}
