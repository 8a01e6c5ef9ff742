/**
 * A stored lab run (LabMilestone.actions: `{"servers": 3, "actions": [...]}`) -> a link that
 * replays it in the session lab, in the lab's own URL format (`?lab=n,n,k1,n`), written with the
 * lab's encoder (components/lab/session-lab/model.ts). Runs the lab cannot express give null.
 */
import { LAB_SERVERS, LAB_USER, labSearch, MAX_LAB_TOKENS } from "@/components/lab/session-lab/model";

interface StoredAction {
  type?: unknown;
  user?: unknown;
  server?: unknown;
}

export function actionToToken(a: StoredAction): string | null {
  if (a.type === "request") return "n";
  if ((a.type === "kill" || a.type === "revive") && typeof a.server === "string" && /^S[1-3]$/.test(a.server))
    return `${a.type === "kill" ? "k" : "r"}${a.server.slice(1)}`;
  return null;
}

/** The lab tokens for a stored run, or null when the lab cannot replay it. */
export function runTokens(stored: string): string[] | null {
  let parsed: unknown;
  try {
    parsed = JSON.parse(stored);
  } catch {
    return null;
  }
  if (typeof parsed !== "object" || parsed === null) return null;
  const { servers, actions } = parsed as { servers?: unknown; actions?: unknown };
  if (servers !== LAB_SERVERS || !Array.isArray(actions)) return null;
  const [login, ...rest] = actions as StoredAction[];
  if (!login || login.type !== "login" || login.user !== LAB_USER) return null;
  const tokens: string[] = [];
  for (const a of rest) {
    const t = actionToToken(a);
    if (t === null) return null;
    tokens.push(t);
  }
  return tokens.length <= MAX_LAB_TOKENS ? tokens : null;
}

export function replayHref(labHref: string | null, stored: string): string | null {
  if (!labHref) return null;
  const tokens = runTokens(stored);
  if (!tokens) return null;
  return `${labHref}${labSearch(tokens, "store", "")}`;
}
