import { runSimSync, SimInputSchema, type Action, type SimStep, type Strategy } from "@/lib/sim";

/**
 * Lab scenarios as executable content. Authors write
 *   actions="login alice; request; kill S1; request"  expect="200 200 - 401"
 * and the checker (and the page, at build time) replays them through the simulation engine.
 */
export interface ScenarioSpec {
  strategy: Strategy;
  servers?: number;
  actions: string;
  expect: string;
}

export type ParsedScenario = { ok: true; actions: Action[]; expect: (number | null)[] } | { ok: false; error: string; hint: string };

const SYNTAX = "login <user>, request, logout, kill S1, revive S1, tamper, storeDown, storeUp, wait <seconds>";

export function parseActions(text: string): { actions: Action[] } | { error: string } {
  const actions: unknown[] = [];
  for (const [i, raw] of text.split(";").entries()) {
    const words = raw.trim().split(/\s+/).filter(Boolean);
    const [verb, arg] = words;
    if (!verb) return { error: `action ${i + 1} is empty` };
    if (words.length > 2) return { error: `action ${i + 1} "${raw.trim()}" has too many words` };
    switch (verb) {
      case "login":
        actions.push({ type: "login", user: arg ?? "" });
        break;
      case "kill":
      case "revive":
        actions.push({ type: verb, server: arg ?? "" });
        break;
      case "wait":
        actions.push({ type: "wait", seconds: Number(arg) });
        break;
      case "request":
      case "logout":
      case "tamper":
      case "storeDown":
      case "storeUp":
        if (arg) return { error: `action ${i + 1} "${verb}" takes no argument` };
        actions.push({ type: verb });
        break;
      default:
        return { error: `action ${i + 1} "${verb}" is not an action` };
    }
  }
  return { actions: actions as Action[] };
}

export function parseScenario(spec: ScenarioSpec): ParsedScenario {
  const parsed = parseActions(spec.actions);
  if ("error" in parsed) return { ok: false, error: `actions: ${parsed.error}`, hint: `write actions separated by ";": ${SYNTAX}` };
  const valid = SimInputSchema.safeParse({ strategy: spec.strategy, servers: spec.servers ?? 3, actions: parsed.actions });
  if (!valid.success) {
    const issue = valid.error.issues[0];
    return { ok: false, error: `actions: ${issue?.path.join(".")} ${issue?.message}`, hint: `check user names and server ids (S1..S${spec.servers ?? 3})` };
  }
  const expect = spec.expect.trim().split(/\s+/).map((t) => (t === "-" ? null : Number(t)));
  if (expect.some((e) => e !== null && ![200, 401, 503].includes(e)))
    return { ok: false, error: `expect: use 200, 401, 503 or - (got "${spec.expect}")`, hint: "one entry per action: a status for login/request/logout, - for the others" };
  if (expect.length !== parsed.actions.length)
    return { ok: false, error: `expect lists ${expect.length} outcome(s) for ${parsed.actions.length} action(s)`, hint: "give one entry per action, - for kill/revive/tamper/storeDown/storeUp/wait" };
  return { ok: true, actions: valid.data.actions, expect };
}

export interface ScenarioRun {
  steps: SimStep[];
  mismatches: { index: number; expected: number | null; actual: number | null; step: SimStep }[];
}

/** Replays a scenario (deterministically, no secret needed) and compares each step with the expectation. */
export function runScenario(spec: ScenarioSpec, parsed: Extract<ParsedScenario, { ok: true }>): ScenarioRun {
  const { steps } = runSimSync({ strategy: spec.strategy, servers: spec.servers ?? 3, actions: parsed.actions });
  const mismatches = steps.flatMap((step, index) => {
    const expected = parsed.expect[index] ?? null;
    return step.status === expected ? [] : [{ index, expected, actual: step.status, step }];
  });
  return { steps, mismatches };
}

export function describeAction(a: Action): string {
  switch (a.type) {
    case "login":
      return `login ${a.user}`;
    case "kill":
    case "revive":
      return `${a.type} ${a.server}`;
    case "wait":
      return `wait ${a.seconds}s`;
    default:
      return a.type;
  }
}
