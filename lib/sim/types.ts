/**
 * Session-strategy lab: the shared vocabulary (zod schemas + inferred types).
 *
 * This file is imported by the browser as well as by the API route, so it must
 * only depend on `zod`: no node built-ins, no jose, no Next.
 */
import { z } from "zod";

// In the browser, the strict CSP forbids eval: tell zod not to probe for it (the probe is caught,
// but the browser still reports a violation). The server keeps zod's faster compiled parsers.
if (typeof window !== "undefined") z.config({ jitless: true });

// ---------------------------------------------------------------------------
// Constants
// ---------------------------------------------------------------------------

/** Bumped whenever the meaning of a trace changes (a UI can refuse a mismatch). */
export const ENGINE_VERSION = "1";

export const STRATEGIES = ["memory", "sticky", "store", "jwt"] as const;
export const SERVER_IDS = ["S1", "S2", "S3", "S4", "S5", "S6", "S7", "S8", "S9"] as const;
export const ACTION_TYPES = [
  "login",
  "request",
  "logout",
  "kill",
  "revive",
  "tamper",
  "storeDown",
  "storeUp",
  "wait",
] as const;
/** Actions that are HTTP requests through the load balancer (they get a status). */
export const HTTP_ACTION_TYPES = ["login", "request", "logout"] as const;

export const MIN_SERVERS = 1;
export const MAX_SERVERS = 9;
export const DEFAULT_SERVERS = 3;
export const MAX_ACTIONS = 500;
export const MAX_WAIT_SECONDS = 86_400;
export const USER_NAME_MAX = 32;
export const USER_NAME_PATTERN = /^[A-Za-z0-9_-]+$/;
export const MAX_TAMPER_CLAIMS = 16;
export const TAMPER_CLAIM_KEY_PATTERN = /^[A-Za-z][A-Za-z0-9_]{0,31}$/;
export const MAX_TAMPER_STRING = 256;

/** The virtual clock starts here (2026-01-01T00:00:00Z) and never reads the real time. */
export const SIM_EPOCH = 1_767_225_600;
/** Each HTTP action (login, request, logout) advances the virtual clock by this much, then runs. */
export const HTTP_ACTION_SECONDS = 1;
/** Lab JWTs expire this long after `iat` (15 minutes). */
export const TOKEN_TTL_SECONDS = 900;

/** What `tamper` writes into the payload when the action carries no `claims`. */
export const DEFAULT_TAMPER_CLAIMS: Readonly<Record<string, string | number | boolean>> = Object.freeze({
  sub: "mallory",
  name: "Mallory",
  role: "admin",
});

// ---------------------------------------------------------------------------
// Reason codes
// ---------------------------------------------------------------------------

/**
 * Every `reason` a step can carry. Stable machine codes: a UI may switch on them.
 *
 * HTTP actions (status 200 / 401 / 503):
 * - `session-created`        200 login: the server created a session (its memory, or the shared store).
 * - `token-issued`           200 login (jwt): the server signed a token; no server keeps anything.
 * - `session-valid`          200 request: the session named by the cookie was found.
 * - `token-valid`            200 request (jwt): signature and `exp` check out.
 * - `session-deleted`        200 logout: the session was deleted (server memory or store) and the cookie cleared.
 * - `cookie-cleared`         200 logout (memory/sticky): the serving server did not hold the session; the browser
 *                            forgot its cookie but the session still sits in another server's memory.
 * - `token-discarded`        200 logout (jwt): the browser dropped its token. Nothing is revoked: a copy stays
 *                            valid until `exp` (check it with POST /api/jwt/verify).
 * - `already-logged-out`     200 logout with no cookie / token: nothing to do.
 * - `no-session-cookie`      401 request (memory/sticky/store): the browser sent no session cookie.
 * - `session-not-found`      401 request: the cookie names a session this server's memory (or the store) lacks.
 * - `no-token`               401 request (jwt): the browser sent no token.
 * - `token-bad-signature`    401 request (jwt): the signature does not match header+payload (tampered).
 * - `token-expired`          401 request (jwt): the virtual clock is at or past `exp`.
 * - `token-malformed`        401 request (jwt): not a decodable JWT (only reachable with a custom verifier).
 * - `token-alg-not-allowed`  401 request (jwt): header `alg` is not HS256 (only reachable with a custom verifier).
 * - `no-server-available`    503 any HTTP action: every server is dead (`servedBy` is null).
 * - `store-unavailable`      503 (store): the shared store is down and the action needed it.
 *
 * World actions (status null, servedBy null):
 * - `server-killed` / `server-already-dead`     kill
 * - `server-revived` / `server-already-alive`   revive (a revived server starts with empty memory)
 * - `token-tampered`                            tamper (jwt): payload edited, old signature kept
 * - `nothing-to-tamper`                         tamper with no token in the jar (any non-jwt lane, or logged out)
 * - `store-down` / `store-already-down`         storeDown (store)
 * - `store-up` / `store-already-up`             storeUp (store)
 * - `no-store`                                  storeDown / storeUp in a strategy without a store
 * - `time-passed`                               wait
 */
export const REASON_CODES = [
  "session-created",
  "token-issued",
  "session-valid",
  "token-valid",
  "session-deleted",
  "cookie-cleared",
  "token-discarded",
  "already-logged-out",
  "no-session-cookie",
  "session-not-found",
  "no-token",
  "token-bad-signature",
  "token-expired",
  "token-malformed",
  "token-alg-not-allowed",
  "no-server-available",
  "store-unavailable",
  "server-killed",
  "server-already-dead",
  "server-revived",
  "server-already-alive",
  "token-tampered",
  "nothing-to-tamper",
  "store-down",
  "store-already-down",
  "store-up",
  "store-already-up",
  "no-store",
  "time-passed",
] as const;

/** Reasons that are produced by HTTP actions, by status. */
export const REASONS_BY_STATUS = {
  200: ["session-created", "token-issued", "session-valid", "token-valid", "session-deleted", "cookie-cleared", "token-discarded", "already-logged-out"],
  401: ["no-session-cookie", "session-not-found", "no-token", "token-bad-signature", "token-expired", "token-malformed", "token-alg-not-allowed"],
  503: ["no-server-available", "store-unavailable"],
} as const satisfies Record<200 | 401 | 503, readonly ReasonCode[]>;

// ---------------------------------------------------------------------------
// Input schemas
// ---------------------------------------------------------------------------

const oneOf = (values: readonly string[]) => values.map((v) => `"${v}"`).join(", ");

export const StrategySchema = z.enum(STRATEGIES, {
  error: (iss) =>
    iss.input === undefined ? "strategy is required" : `strategy must be one of ${oneOf(STRATEGIES)}`,
});
export type Strategy = z.infer<typeof StrategySchema>;

export const ServerIdSchema = z.enum(SERVER_IDS, {
  error: (iss) =>
    iss.input === undefined ? "server is required (e.g. \"S1\")" : "server must be a server id from \"S1\" to \"S9\"",
});
export type ServerId = z.infer<typeof ServerIdSchema>;

export const ServerCountSchema = z
  .number({ error: "servers must be a whole number from 1 to 9" })
  .int({ error: "servers must be a whole number from 1 to 9" })
  .min(MIN_SERVERS, { error: "servers must be at least 1" })
  .max(MAX_SERVERS, { error: "servers must be at most 9" });

export const UserNameSchema = z
  .string({ error: (iss) => (iss.input === undefined ? "user is required" : "user must be a string") })
  .min(1, { error: "user must not be empty", abort: true })
  .max(USER_NAME_MAX, { error: `user must be at most ${USER_NAME_MAX} characters` })
  .regex(USER_NAME_PATTERN, { error: "user may only contain letters, digits, \"_\" and \"-\"" });

export const TamperClaimValueSchema = z.union(
  [
    z.string().max(MAX_TAMPER_STRING, { error: `claim strings may be at most ${MAX_TAMPER_STRING} characters` }),
    z.number(),
    z.boolean(),
  ],
  { error: `claim values must be strings (at most ${MAX_TAMPER_STRING} characters), finite numbers or booleans` },
);

export const TamperClaimsSchema = z
  .record(
    z.string().regex(TAMPER_CLAIM_KEY_PATTERN, {
      error: "claim names must start with a letter and use at most 32 letters, digits or \"_\"",
    }),
    TamperClaimValueSchema,
    {
      error: (iss) =>
        iss.code === "invalid_key"
          ? "claim names must start with a letter and use at most 32 letters, digits or \"_\""
          : "claims must be an object of claim name to string, number or boolean",
    },
  )
  .refine((claims) => Object.keys(claims).length <= MAX_TAMPER_CLAIMS, {
    error: `claims may set at most ${MAX_TAMPER_CLAIMS} claims`,
  });

const typeLiteral = <T extends string>(type: T) => z.literal(type);

export const LoginActionSchema = z.strictObject({ type: typeLiteral("login"), user: UserNameSchema });
export const RequestActionSchema = z.strictObject({ type: typeLiteral("request") });
export const LogoutActionSchema = z.strictObject({ type: typeLiteral("logout") });
export const KillActionSchema = z.strictObject({ type: typeLiteral("kill"), server: ServerIdSchema });
export const ReviveActionSchema = z.strictObject({ type: typeLiteral("revive"), server: ServerIdSchema });
export const TamperActionSchema = z.strictObject({
  type: typeLiteral("tamper"),
  claims: TamperClaimsSchema.optional(),
});
export const StoreDownActionSchema = z.strictObject({ type: typeLiteral("storeDown") });
export const StoreUpActionSchema = z.strictObject({ type: typeLiteral("storeUp") });
export const WaitActionSchema = z.strictObject({
  type: typeLiteral("wait"),
  seconds: z
    .number({ error: `seconds must be a whole number from 1 to ${MAX_WAIT_SECONDS}` })
    .int({ error: `seconds must be a whole number from 1 to ${MAX_WAIT_SECONDS}` })
    .min(1, { error: "seconds must be at least 1" })
    .max(MAX_WAIT_SECONDS, { error: `seconds must be at most ${MAX_WAIT_SECONDS} (one day)` }),
});

export const ActionSchema = z.discriminatedUnion(
  "type",
  [
    LoginActionSchema,
    RequestActionSchema,
    LogoutActionSchema,
    KillActionSchema,
    ReviveActionSchema,
    TamperActionSchema,
    StoreDownActionSchema,
    StoreUpActionSchema,
    WaitActionSchema,
  ],
  {
    error: (iss) =>
      iss.code === "invalid_union"
        ? `unknown action type; use one of ${oneOf(ACTION_TYPES)}`
        : `each action must be an object such as {"type": "request"}`,
  },
);

export type LoginAction = z.infer<typeof LoginActionSchema>;
export type RequestAction = z.infer<typeof RequestActionSchema>;
export type LogoutAction = z.infer<typeof LogoutActionSchema>;
export type KillAction = z.infer<typeof KillActionSchema>;
export type ReviveAction = z.infer<typeof ReviveActionSchema>;
export type TamperAction = z.infer<typeof TamperActionSchema>;
export type StoreDownAction = z.infer<typeof StoreDownActionSchema>;
export type StoreUpAction = z.infer<typeof StoreUpActionSchema>;
export type WaitAction = z.infer<typeof WaitActionSchema>;
export type Action = z.infer<typeof ActionSchema>;
export type ActionType = Action["type"];

/** The number of a server id: "S3" -> 3. */
export function serverNumber(id: ServerId): number {
  return Number(id.slice(1));
}

/** The ids S1..Sn for a server count. */
export function serverIdsFor(count: number): ServerId[] {
  return SERVER_IDS.slice(0, Math.max(0, Math.min(MAX_SERVERS, count)));
}

/**
 * The body of POST /api/sim and the input of the engine. A scenario is a strategy plus a
 * server count; the actions are the learner's log, replayed from scratch on every run.
 */
export const SimInputSchema = z
  .strictObject({
    strategy: StrategySchema,
    servers: ServerCountSchema.default(DEFAULT_SERVERS),
    actions: z
      .array(ActionSchema, { error: (iss) => (iss.input === undefined ? "actions is required (an array, may be empty)" : "actions must be an array") })
      .max(MAX_ACTIONS, { error: `at most ${MAX_ACTIONS} actions per run` }),
  })
  .superRefine(serversExist);

/**
 * Every `kill` and `revive` names a server of this run (S1..S<servers>). Shared by every schema
 * that carries an action log (POST /api/sim, the lab's milestones).
 */
export function serversExist(input: { servers: number; actions: Action[] }, ctx: z.RefinementCtx) {
  input.actions.forEach((action, index) => {
    if ((action.type === "kill" || action.type === "revive") && serverNumber(action.server) > input.servers) {
      ctx.addIssue({
        code: "custom",
        path: ["actions", index, "server"],
        message: `${action.server} does not exist; this run has ${input.servers} server${input.servers === 1 ? "" : "s"} (${
          input.servers === 1 ? "S1" : `S1 to S${input.servers}`
        })`,
      });
    }
  });
}
export type SimInput = z.infer<typeof SimInputSchema>;
/** What a caller may send (servers optional). */
export type SimInputRaw = z.input<typeof SimInputSchema>;

/** The scenario part alone (strategy + server count). */
export type Scenario = Pick<SimInput, "strategy" | "servers">;

/** POST /api/jwt/verify body. `at` (unix seconds) is the clock to check `exp` against. */
export const JwtVerifyInputSchema = z.strictObject({
  token: z
    .string({ error: (iss) => (iss.input === undefined ? "token is required" : "token must be a string") })
    .min(1, { error: "token must not be empty" })
    .max(4096, { error: "token must be at most 4096 characters" }),
  at: z
    .number({ error: "at must be a whole number of seconds since 1970 (unix time)" })
    .int({ error: "at must be a whole number of seconds since 1970 (unix time)" })
    .min(0, { error: "at must not be negative" })
    .max(253_402_300_799, { error: "at must be before the year 10000" })
    .optional(),
});
export type JwtVerifyInput = z.infer<typeof JwtVerifyInputSchema>;

// ---------------------------------------------------------------------------
// Output schemas (the trace)
// ---------------------------------------------------------------------------

export const ReasonCodeSchema = z.enum(REASON_CODES);
export type ReasonCode = z.infer<typeof ReasonCodeSchema>;

export const HttpStatusSchema = z.union([z.literal(200), z.literal(401), z.literal(503)]);
export type HttpStatus = z.infer<typeof HttpStatusSchema>;

export const SessionRecordSchema = z.object({ id: z.string(), user: z.string() });
export type SessionRecord = z.infer<typeof SessionRecordSchema>;

export const ServerStateSchema = z.object({
  id: ServerIdSchema,
  alive: z.boolean(),
  /** Sessions held in this process's memory (always empty for store and jwt). */
  memory: z.array(SessionRecordSchema),
});
export type ServerState = z.infer<typeof ServerStateSchema>;

export const StoreStateSchema = z.object({ up: z.boolean(), sessions: z.array(SessionRecordSchema) });
export type StoreState = z.infer<typeof StoreStateSchema>;

export const LoadBalancerStateSchema = z.object({
  /** The live server the next round-robin pick would choose (null when none is alive). */
  next: ServerIdSchema.nullable(),
  /** Sticky strategy: the server the client's SERVERID cookie pins it to; otherwise null. */
  pinned: ServerIdSchema.nullable(),
});
export type LoadBalancerState = z.infer<typeof LoadBalancerStateSchema>;

export const ClientJarSchema = z.object({
  /** The `sid` cookie (memory, sticky, store). */
  sessionId: z.string().nullable(),
  /** The load balancer's `SERVERID` cookie (sticky only). */
  stickyServer: ServerIdSchema.nullable(),
  /** The JWT the client sends as `Authorization: Bearer` (jwt only). */
  token: z.string().nullable(),
});
export type ClientJar = z.infer<typeof ClientJarSchema>;

export const SimStateSchema = z.object({
  /** Virtual unix time (seconds) after this step. */
  clock: z.number().int(),
  servers: z.array(ServerStateSchema),
  /** The shared session store (store strategy) or null. */
  store: StoreStateSchema.nullable(),
  lb: LoadBalancerStateSchema,
  client: ClientJarSchema,
});
export type SimState = z.infer<typeof SimStateSchema>;

export const SimStepSchema = z.object({
  index: z.number().int().min(0),
  action: ActionSchema,
  /** The server that handled the HTTP action; null for world actions and when no server is alive. */
  servedBy: ServerIdSchema.nullable(),
  /** 200 / 401 / 503 for HTTP actions, null for world actions. */
  status: HttpStatusSchema.nullable(),
  /** The user the server recognised (or logged in / out), else null. */
  user: z.string().nullable(),
  reason: ReasonCodeSchema,
  /** What Alice's browser would show ("Hi Alice", "Please log in again", ...). */
  message: z.string(),
  /** One sentence for the learner: why this happened. */
  explanation: z.string(),
  state: SimStateSchema,
});
export type SimStep = z.infer<typeof SimStepSchema>;

export const SimResultSchema = z.object({
  engineVersion: z.literal(ENGINE_VERSION),
  strategy: StrategySchema,
  servers: ServerCountSchema,
  steps: z.array(SimStepSchema),
});
export type SimResult = z.infer<typeof SimResultSchema>;

export const JWT_VERDICTS = ["ok", "bad-signature", "expired", "malformed", "alg-not-allowed"] as const;
export const JwtVerdictSchema = z.enum(JWT_VERDICTS);
export type JwtVerdict = z.infer<typeof JwtVerdictSchema>;

export const JwtVerifyResultSchema = z.object({
  valid: z.boolean(),
  reason: JwtVerdictSchema,
  /** The decoded header (unverified unless `valid`), null when it does not decode to an object. */
  header: z.record(z.string(), z.unknown()).nullable(),
  /** The decoded payload (unverified unless `valid`), null when it does not decode to an object. */
  payload: z.record(z.string(), z.unknown()).nullable(),
});
export type JwtVerifyResult = z.infer<typeof JwtVerifyResultSchema>;

/** The claims the lab signs, in this order. */
export interface LabClaims {
  sub: string;
  name: string;
  iat: number;
  exp: number;
}

export const MILESTONES = ["memory-failed", "sticky-failed-after-kill", "external-survived-kill"] as const;
export const MilestoneSchema = z.enum(MILESTONES);
export type Milestone = z.infer<typeof MilestoneSchema>;

/** The body of every 4xx answer from the lab API. */
export const ApiErrorSchema = z.object({
  error: z.string(),
  issues: z.array(z.object({ path: z.string(), message: z.string() })),
});
export type ApiError = z.infer<typeof ApiErrorSchema>;
