import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { runSim, runSimSync } from "./engine";
import { memoizeVerify } from "./jwt";
import { testJwt } from "./test-helpers";
import {
  REASONS_BY_STATUS,
  SERVER_IDS,
  SimStepSchema,
  STRATEGIES,
  type Action,
  type ServerId,
  type SimResult,
  type Strategy,
} from "./types";

const userArb = fc.oneof(
  fc.constantFrom("alice", "bob", "carol_1", "Z-9"),
  fc.stringMatching(/^[A-Za-z0-9_-]{1,32}$/),
);

const claimsArb = fc.dictionary(
  fc.stringMatching(/^[A-Za-z][A-Za-z0-9_]{0,8}$/),
  fc.oneof(fc.string({ maxLength: 20 }), fc.integer(), fc.boolean()),
  { maxKeys: 4 },
);

type Kind = Action["type"];

function actionArb(servers: number, kinds: readonly Kind[]): fc.Arbitrary<Action> {
  const serverArb = fc.constantFrom(...(SERVER_IDS.slice(0, servers) as ServerId[]));
  const all: Record<Kind, fc.Arbitrary<Action>> = {
    login: userArb.map((user) => ({ type: "login", user })),
    request: fc.constant({ type: "request" }),
    logout: fc.constant({ type: "logout" }),
    kill: serverArb.map((server) => ({ type: "kill", server })),
    revive: serverArb.map((server) => ({ type: "revive", server })),
    tamper: fc.option(claimsArb, { nil: undefined }).map((claims) =>
      claims === undefined ? { type: "tamper" } : { type: "tamper", claims },
    ),
    storeDown: fc.constant({ type: "storeDown" }),
    storeUp: fc.constant({ type: "storeUp" }),
    wait: fc.integer({ min: 1, max: 86_400 }).map((seconds) => ({ type: "wait", seconds })),
  };
  // requests weigh more: they are where the outcomes show
  return fc.oneof(
    { arbitrary: all.request, weight: kinds.includes("request") ? 4 : 0 },
    ...kinds.filter((k) => k !== "request").map((k) => ({ arbitrary: all[k], weight: 1 })),
  );
}

const ALL_KINDS: readonly Kind[] = ["login", "request", "logout", "kill", "revive", "tamper", "storeDown", "storeUp", "wait"];

function scenarioArb(opts: { kinds?: readonly Kind[]; strategies?: readonly Strategy[]; servers?: fc.Arbitrary<number>; maxLength?: number } = {}) {
  const kinds = opts.kinds ?? ALL_KINDS;
  return fc
    .record({
      strategy: fc.constantFrom(...(opts.strategies ?? STRATEGIES)),
      servers: opts.servers ?? fc.integer({ min: 1, max: 9 }),
    })
    .chain(({ strategy, servers }) =>
      fc.array(actionArb(servers, kinds), { maxLength: opts.maxLength ?? 60 }).map((actions) => ({ strategy, servers, actions })),
    );
}

/** Tokens differ between codecs only by signature: compare everything else. */
function withoutSignatures(result: SimResult): unknown {
  return JSON.parse(
    JSON.stringify(result, (key, value: unknown) =>
      key === "token" && typeof value === "string" ? value.split(".").slice(0, 2).join(".") : value,
    ),
  );
}

describe("properties", () => {
  it("determinism (sync replay codec): same input -> JSON-identical output", () => {
    fc.assert(
      fc.property(scenarioArb(), (input) => {
        expect(JSON.stringify(runSimSync(input))).toBe(JSON.stringify(runSimSync(structuredClone(input))));
      }),
      { numRuns: 300 },
    );
  });

  it("determinism (jose codec): same input -> JSON-identical output", async () => {
    await fc.assert(
      fc.asyncProperty(scenarioArb({ maxLength: 40 }), async (input) => {
        const a = await runSim(input, testJwt());
        const b = await runSim(structuredClone(input), testJwt());
        expect(JSON.stringify(a)).toBe(JSON.stringify(b));
      }),
      { numRuns: 60 },
    );
  });

  it("the replay codec reproduces the jose run exactly, up to token signatures", async () => {
    await fc.assert(
      fc.asyncProperty(scenarioArb({ strategies: ["jwt"], maxLength: 50 }), async (input) => {
        const real = await runSim(input, testJwt());
        expect(withoutSignatures(runSimSync(input))).toEqual(withoutSignatures(real));
      }),
      { numRuns: 80 },
    );
  });

  it("the API's per-run verify memo changes nothing: byte-identical to verifying every time (waits, expiry, tampering included)", async () => {
    await fc.assert(
      // Logged in first, and heavy on waits and tampering, so tokens do expire and get refused.
      fc.asyncProperty(scenarioArb({ strategies: ["jwt"], kinds: ["login", "request", "wait", "tamper", "logout", "kill", "revive"], maxLength: 40 }), async (scenario) => {
        const input = { ...scenario, actions: [{ type: "login", user: "alice" } as Action, ...scenario.actions] };
        const plain = await runSim(input, testJwt());
        const memo = await runSim(structuredClone(input), memoizeVerify(testJwt()));
        expect(JSON.stringify(memo)).toBe(JSON.stringify(plain));
      }),
      { numRuns: 120 },
    );
  });

  it("a prefix of the log gives a prefix of the trace", () => {
    fc.assert(
      fc.property(scenarioArb(), fc.nat(), (input, cut) => {
        const k = input.actions.length === 0 ? 0 : cut % (input.actions.length + 1);
        const full = runSimSync(input);
        const prefix = runSimSync({ ...input, actions: input.actions.slice(0, k) });
        expect(JSON.stringify(prefix.steps)).toBe(JSON.stringify(full.steps.slice(0, k)));
      }),
      { numRuns: 200 },
    );
  });

  it("every step matches the schema; status and reason agree; world actions have no status", () => {
    const httpTypes = new Set(["login", "request", "logout"]);
    fc.assert(
      fc.property(scenarioArb(), (input) => {
        const { steps } = runSimSync(input);
        expect(steps).toHaveLength(input.actions.length);
        for (const step of steps) {
          SimStepSchema.parse(step);
          if (httpTypes.has(step.action.type)) {
            expect(step.status).not.toBeNull();
            expect(REASONS_BY_STATUS[step.status!] as readonly string[]).toContain(step.reason);
          } else {
            expect([step.status, step.servedBy, step.user]).toEqual([null, null, null]);
          }
          expect(step.state.servers).toHaveLength(input.servers);
          expect(step.state.store === null).toBe(input.strategy !== "store");
          if (input.strategy !== "sticky") expect(step.state.lb.pinned).toBeNull();
          if (step.status === 200 && step.action.type !== "logout") expect(step.user).not.toBeNull();
          if (step.status !== 200) expect(step.user).toBeNull();
        }
      }),
      { numRuns: 300 },
    );
  });

  it("servedBy is null iff no server is alive (for HTTP actions)", () => {
    fc.assert(
      fc.property(scenarioArb({ servers: fc.integer({ min: 1, max: 3 }) }), (input) => {
        for (const step of runSimSync(input).steps) {
          if (step.status === null) continue;
          const anyAlive = step.state.servers.some((s) => s.alive);
          expect(step.servedBy === null).toBe(!anyAlive);
          if (!anyAlive) expect(step.status).toBe(503);
          if (step.servedBy !== null) {
            expect(step.state.servers.find((s) => s.id === step.servedBy)?.alive).toBe(true);
          }
        }
      }),
      { numRuns: 300 },
    );
  });

  it("store / jwt: a logged-in client (no tamper, logout, wait or store outage) is never refused while a server is alive", () => {
    fc.assert(
      fc.property(
        scenarioArb({ strategies: ["store", "jwt"], kinds: ["login", "request", "kill", "revive", "storeUp"], maxLength: 200 }),
        (input) => {
          let loggedIn = false;
          for (const step of runSimSync(input).steps) {
            if (step.action.type === "login" && step.status === 200) loggedIn = true;
            if (step.action.type !== "request") continue;
            const anyAlive = step.state.servers.some((s) => s.alive);
            if (loggedIn && anyAlive) expect(step.status, step.explanation).toBe(200);
            if (!anyAlive) expect(step.status).toBe(503);
          }
        },
      ),
      { numRuns: 300 },
    );
  });

  it("memory with one server never refuses a logged-in client (as long as it is not killed)", () => {
    fc.assert(
      fc.property(
        scenarioArb({
          strategies: ["memory"],
          servers: fc.constant(1),
          kinds: ["login", "request", "logout", "tamper", "wait", "storeDown", "storeUp"],
        }),
        (input) => {
          for (const step of runSimSync(input).steps) {
            if (step.action.type !== "request") continue;
            expect(step.servedBy).toBe("S1");
            expect(step.status).toBe(step.state.client.sessionId === null ? 401 : 200);
          }
        },
      ),
      { numRuns: 300 },
    );
  });

  it("sticky: while the pinned server stays up, a logged-in client is never refused", () => {
    fc.assert(
      fc.property(
        scenarioArb({ strategies: ["sticky"], kinds: ["login", "request", "kill", "revive"], maxLength: 80 }),
        (input) => {
          // "safe" = the last login's server has not been killed since
          let safe = false;
          let home: ServerId | null = null;
          for (const step of runSimSync(input).steps) {
            const a = step.action;
            if (a.type === "login" && step.status === 200) {
              safe = true;
              home = step.servedBy;
            } else if (a.type === "kill" && a.server === home) {
              safe = false;
            } else if (a.type === "request" && safe) {
              expect(step.servedBy).toBe(home);
              expect(step.status).toBe(200);
            }
          }
        },
      ),
      { numRuns: 300 },
    );
  });

  it("a server's memory is empty whenever it is dead, and only memory/sticky servers hold sessions", () => {
    fc.assert(
      fc.property(scenarioArb(), (input) => {
        for (const step of runSimSync(input).steps) {
          for (const server of step.state.servers) {
            if (!server.alive || input.strategy === "store" || input.strategy === "jwt") expect(server.memory).toEqual([]);
          }
        }
      }),
      { numRuns: 200 },
    );
  });
});
