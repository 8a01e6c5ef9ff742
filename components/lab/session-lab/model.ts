/**
 * The session lab's model: the action log (as compact tokens), the URL format, and the words the
 * lab uses for what the engine returns. Pure functions only; no React, no fetch.
 *
 * The log always starts with Alice's login; after it come tokens:
 *   n   one request through the load balancer
 *   k1  kill S1 (k2, k3 for the other servers)
 *   r1  revive S1 (r2, r3)
 * URL: `?lab=n,n,n,n,k1,n&third=jwt` (no `lab` = just the login; no `third` = the Redis store).
 */
import type { Action, ServerId, SimStep } from "@/lib/sim/types";

export const LAB_USER = "alice";
export const LAB_SERVERS = 3;
/** Most tokens the lab (and its URL) will hold after the login. */
export const MAX_LAB_TOKENS = 200;

export type Third = "store" | "jwt";
export type LaneKey = "memory" | "sticky" | "third";
export const LANE_KEYS: readonly LaneKey[] = ["memory", "sticky", "third"];
export type LabStrategy = "memory" | "sticky" | Third;

export function strategyOf(lane: LaneKey, third: Third): LabStrategy {
  return lane === "third" ? third : lane;
}

export const LANE_TITLE: Record<LaneKey, string> = {
  memory: "In-memory",
  sticky: "Sticky",
  third: "External store",
};

export const LANE_SUBTITLE: Record<LabStrategy, string> = {
  memory: "Each server keeps sessions in its own memory.",
  sticky: "Sessions in memory, and Alice is pinned to one server.",
  store: "Every server reads sessions from one shared Redis.",
  jwt: "No session on any server: Alice carries a signed token.",
};

const TOKEN_PATTERN = /^(n|[kr][1-3])$/;

export function isToken(t: string): boolean {
  return TOKEN_PATTERN.test(t);
}

export function tokenToAction(token: string): Action {
  if (token === "n") return { type: "request" };
  const server = `S${token.slice(1)}` as ServerId;
  return token.startsWith("k") ? { type: "kill", server } : { type: "revive", server };
}

/** The full action log sent to the API: the login, then the tokens. */
export function toActions(tokens: readonly string[]): Action[] {
  return [{ type: "login", user: LAB_USER }, ...tokens.map(tokenToAction)];
}

export function tokensKey(tokens: readonly string[]): string {
  return tokens.join(",");
}

/** Whether a server is up after the log (the lab starts with every server up). */
export function serverAlive(tokens: readonly string[], n: 1 | 2 | 3 = 1): boolean {
  for (let i = tokens.length - 1; i >= 0; i--) {
    if (tokens[i] === `k${n}`) return false;
    if (tokens[i] === `r${n}`) return true;
  }
  return true;
}

/** How many of the first tokens two logs share. */
export function commonPrefix(a: readonly string[], b: readonly string[]): number {
  let i = 0;
  while (i < a.length && i < b.length && a[i] === b[i]) i++;
  return i;
}

// ---------------------------------------------------------------------------
// URL
// ---------------------------------------------------------------------------

export interface LabUrlState {
  tokens: string[];
  third: Third;
  /** Set when the URL carried a lab run that could not be read (the lab then starts fresh). */
  problem: string | null;
}

/** Reads `?lab=...&third=...`; anything invalid gives a fresh lab and a polite note. */
export function parseLabSearch(search: string): LabUrlState {
  const params = new URLSearchParams(search);
  const rawLab = params.get("lab");
  const rawThird = params.get("third");
  let third: Third = "store";
  const problems: string[] = [];
  if (rawThird !== null) {
    const t = rawThird.trim().toLowerCase();
    if (t === "jwt") third = "jwt";
    else if (t !== "store" && t !== "redis") problems.push("third lane");
  }
  let tokens: string[] = [];
  if (rawLab !== null && rawLab.trim() !== "") {
    const parts = rawLab.split(",").map((p) => p.trim().toLowerCase());
    if (parts.length > MAX_LAB_TOKENS || !parts.every(isToken)) problems.push("steps");
    else tokens = parts;
  }
  if (problems.length === 0) return { tokens, third, problem: null };
  // Invalid: start fresh (but keep a valid third-lane choice).
  return {
    tokens: [],
    third: problems.includes("third lane") ? "store" : third,
    problem: "The link you followed had a lab run this page could not read, so the lab started fresh with Alice's login.",
  };
}

/** The query string for a lab state, keeping any other parameters the page had. */
export function labSearch(tokens: readonly string[], third: Third, currentSearch: string): string {
  const params = new URLSearchParams(currentSearch);
  params.delete("lab");
  params.delete("third");
  const parts: string[] = [];
  const rest = params.toString();
  if (rest) parts.push(rest);
  // Tokens are [a-z0-9] and commas: written raw so the link stays readable.
  if (tokens.length > 0) parts.push(`lab=${tokens.join(",")}`);
  if (third === "jwt") parts.push("third=jwt");
  return parts.length ? `?${parts.join("&")}` : "";
}

// ---------------------------------------------------------------------------
// Words for steps
// ---------------------------------------------------------------------------

export type OutcomeKind = "ok" | "out" | "none";

/** What an HTTP step meant for Alice: OK, logged out, or no answer from a server. */
export function outcomeOf(step: SimStep): OutcomeKind | null {
  if (step.status === null) return null;
  if (step.status === 200) return "ok";
  if (step.status === 401) return "out";
  return "none";
}

export const OUTCOME_WORDS: Record<OutcomeKind, string> = {
  ok: "OK",
  out: "Logged out",
  none: "No server",
};

export function isHttpStep(step: SimStep): boolean {
  return step.status !== null;
}

/** Request numbers (1 = the login) for each HTTP step index. */
export function requestNumbers(steps: readonly SimStep[]): Map<number, number> {
  const numbers = new Map<number, number>();
  let n = 0;
  for (const s of steps) if (isHttpStep(s)) numbers.set(s.index, ++n);
  return numbers;
}

export function countRequests(tokens: readonly string[]): number {
  return 1 + tokens.filter((t) => t === "n").length;
}

/** "round-robin sent you to S2; ..." -> "Round-robin sent you to S2; ..." */
export function sentence(text: string): string {
  const t = text.trim();
  const s = t.charAt(0).toUpperCase() + t.slice(1);
  return /[.!?]$/.test(s) ? s : `${s}.`;
}

/** One sentence per lane for the live region. */
export function announceStep(laneName: string, step: SimStep, requestNo: number | undefined): string {
  if (step.status === null) return `${laneName}: ${sentence(step.explanation)}`;
  const to = step.servedBy ? ` to ${step.servedBy}` : "";
  let words: string;
  if (step.status === 200) words = `OK, ${step.message}`;
  else if (step.status === 401) words = "not recognised, please log in again";
  else if (step.reason === "store-unavailable") words = "the session store is unavailable";
  else words = "no server available";
  return `${laneName}: request ${requestNo ?? "?"}${to}: ${words}.`;
}

/** Shortens a JWT for display: header start … signature end. */
export function shortToken(token: string): string {
  if (token.length <= 22) return token;
  return `${token.slice(0, 10)}…${token.slice(-6)}`;
}

/** The unverified claims of a JWT (for display only). */
export function peekClaims(token: string): { sub?: string; exp?: number } | null {
  const part = token.split(".")[1];
  if (!part) return null;
  try {
    const b64 = part.replace(/-/g, "+").replace(/_/g, "/");
    const padded = b64 + "=".repeat((4 - (b64.length % 4)) % 4);
    const json: unknown = JSON.parse(atob(padded));
    if (typeof json !== "object" || json === null) return null;
    const o = json as Record<string, unknown>;
    return {
      sub: typeof o.sub === "string" ? o.sub : undefined,
      exp: typeof o.exp === "number" ? o.exp : undefined,
    };
  } catch {
    return null;
  }
}

/** Virtual-clock time of day, "00:15:01". */
export function clockTime(seconds: number): string {
  return new Date(seconds * 1000).toISOString().slice(11, 19);
}

/**
 * The first step index where the lanes' HTTP outcomes differ, comparing only steps every lane
 * has (each lane's steps must be for the same log prefix).
 */
export function firstDisagreement(lanes: readonly (readonly SimStep[])[]): number | null {
  if (lanes.length < 2) return null;
  const len = Math.min(...lanes.map((l) => l.length));
  for (let i = 0; i < len; i++) {
    const statuses = new Set(lanes.map((l) => l[i]?.status ?? null));
    if (statuses.has(null)) continue;
    if (statuses.size > 1) return i;
  }
  return null;
}
