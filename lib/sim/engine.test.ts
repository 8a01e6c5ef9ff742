import { describe, expect, it } from "vitest";
import { runSim, runSimSync, SimInputError } from "./engine";
import { createJoseJwt, decodeUnverified } from "./jwt";
import {
  brief,
  kill,
  login,
  logout,
  request,
  revive,
  run,
  storeDown,
  storeUp,
  tamper,
  TEST_SECRET,
  testJwt,
  wait,
} from "./test-helpers";
import { REASON_CODES, SIM_EPOCH, SimResultSchema, TOKEN_TTL_SECONDS, type Action, type Strategy } from "./types";

describe("memory strategy (round-robin, sessions in server memory)", () => {
  it("three servers: login on S1, then S2 S3 S1 S2 answer 401 401 200 401", async () => {
    const { steps } = await run("memory", [login(), request(), request(), request(), request()]);
    expect(steps.map(brief)).toEqual([
      "S1:200:session-created",
      "S2:401:session-not-found",
      "S3:401:session-not-found",
      "S1:200:session-valid",
      "S2:401:session-not-found",
    ]);
    expect(steps[0]?.user).toBe("alice");
    expect(steps[0]?.message).toBe("Hi Alice, you are logged in");
    expect(steps[3]?.message).toBe("Hi Alice");
    expect(steps[1]?.message).toBe("Please log in again");
    expect(steps.slice(1).filter((s) => s.status !== 200)).toHaveLength(3);
    // the session lives only in S1's memory
    const last = steps[4]?.state;
    expect(last?.servers.map((s) => s.memory.length)).toEqual([1, 0, 0]);
    expect(last?.servers[0]?.memory[0]).toEqual({ id: last?.client.sessionId, user: "alice" });
    expect(last?.store).toBeNull();
    expect(last?.lb).toEqual({ next: "S3", pinned: null });
  });

  it("one server: nothing fails", async () => {
    const { steps } = await run("memory", [login(), request(), request(), request(), request(), request()], 1);
    expect(steps.every((s) => s.status === 200 && s.servedBy === "S1")).toBe(true);
  });

  it("revive does not bring an in-memory session back", async () => {
    const { steps } = await run("memory", [login(), kill("S1"), revive("S1"), request()], 1);
    expect(steps.map(brief)).toEqual([
      "S1:200:session-created",
      "null:null:server-killed",
      "null:null:server-revived",
      "S1:401:session-not-found",
    ]);
    expect(steps[1]?.state.servers[0]).toEqual({ id: "S1", alive: false, memory: [] });
    expect(steps[2]?.state.servers[0]).toEqual({ id: "S1", alive: true, memory: [] });
  });

  it("round-robin skips dead servers and the pointer moves past them", async () => {
    const { steps } = await run("memory", [kill("S2"), login(), request(), request(), request()]);
    expect(steps.slice(1).map((s) => s.servedBy)).toEqual(["S1", "S3", "S1", "S3"]);
    expect(steps[0]?.state.lb.next).toBe("S1");
    expect(steps[1]?.state.lb.next).toBe("S3");
  });

  it("logout on a server that does not hold the session clears the cookie but leaves the session behind", async () => {
    const { steps } = await run("memory", [login(), logout()]);
    expect(brief(steps[1]!)).toBe("S2:200:cookie-cleared");
    expect(steps[1]?.state.client.sessionId).toBeNull();
    expect(steps[1]?.state.servers[0]?.memory).toHaveLength(1);
    expect(steps[1]?.explanation).toContain("S1");
  });

  it("logout on the right server deletes the session", async () => {
    const { steps } = await run("memory", [login(), logout()], 1);
    expect(brief(steps[1]!)).toBe("S1:200:session-deleted");
    expect(steps[1]?.user).toBe("alice");
    expect(steps[1]?.state.servers[0]?.memory).toEqual([]);
  });

  it("login rotates the session held by the serving server", async () => {
    const { steps } = await run("memory", [login(), login("bob")], 1);
    const first = steps[0]?.state.client.sessionId;
    const second = steps[1]?.state.client.sessionId;
    expect(first).not.toBe(second);
    expect(steps[1]?.state.servers[0]?.memory).toEqual([{ id: second, user: "bob" }]);
  });
});

describe("sticky strategy (sticky LB, sessions in server memory)", () => {
  it("pins to the login server, fails over with a 401 after a kill, and a new login pins to the new server", async () => {
    const { steps } = await run("sticky", [
      login(),
      request(),
      request(),
      request(),
      kill("S1"),
      request(),
      login(),
      request(),
      request(),
    ]);
    expect(steps.map(brief)).toEqual([
      "S1:200:session-created",
      "S1:200:session-valid",
      "S1:200:session-valid",
      "S1:200:session-valid",
      "null:null:server-killed",
      "S2:401:session-not-found",
      "S2:200:session-created",
      "S2:200:session-valid",
      "S2:200:session-valid",
    ]);
    expect(steps[0]?.state.client.stickyServer).toBe("S1");
    expect(steps[0]?.state.lb.pinned).toBe("S1");
    expect(steps[4]?.state.lb.pinned).toBe("S1"); // the cookie still points at the dead server
    expect(steps[5]?.state.lb.pinned).toBe("S2"); // re-pinned by the LB
    expect(steps[5]?.explanation).toContain("re-pinned");
    expect(steps[6]?.state.servers[1]?.memory.map((m) => m.user)).toEqual(["alice"]);
  });

  it("every request after login goes to the login server even when it is not first", async () => {
    const { steps } = await run("sticky", [request(), kill("S2"), login(), request(), request()]);
    // the anonymous request pinned the client to S1 already
    expect(steps.map((s) => s.servedBy)).toEqual(["S1", null, "S1", "S1", "S1"]);
    expect(steps[0]?.status).toBe(401);
    expect(steps[0]?.reason).toBe("no-session-cookie");
  });

  it("revive of the pinned server: the pin holds but the memory is empty", async () => {
    const { steps } = await run("sticky", [login(), kill("S1"), revive("S1"), request()]);
    expect(brief(steps[3]!)).toBe("S1:401:session-not-found");
  });
});

describe.each<Strategy>(["store", "jwt"])("%s: state outside the servers", (strategy) => {
  it("every request after login gets 200 while at least one server is alive", async () => {
    const actions: Action[] = [
      login(),
      request(),
      request(),
      kill("S1"),
      request(),
      request(),
      kill("S2"),
      request(),
      revive("S1"),
      request(),
      kill("S3"),
      request(),
      request(),
      revive("S3"),
      kill("S1"),
      request(),
    ];
    const { steps } = await run(strategy, actions);
    const requests = steps.filter((s) => s.action.type === "request");
    expect(requests).toHaveLength(9);
    for (const s of requests) {
      expect(s.status, JSON.stringify(s)).toBe(200);
      expect(s.user).toBe("alice");
      expect(s.servedBy).not.toBeNull();
    }
  });

  it("servers never hold sessions", async () => {
    const { steps } = await run(strategy, [login(), request(), request()]);
    expect(steps.flatMap((s) => s.state.servers.flatMap((srv) => srv.memory))).toEqual([]);
  });
});

describe("no live server", () => {
  it.each<Strategy>(["memory", "sticky", "store", "jwt"])("%s: 503 with servedBy null", async (strategy) => {
    const { steps } = await run(strategy, [login(), kill("S1"), kill("S2"), request(), logout(), login()], 2);
    for (const s of steps.slice(3)) {
      expect(s.status).toBe(503);
      expect(s.servedBy).toBeNull();
      expect(s.reason).toBe("no-server-available");
      expect(s.message).toBe("No server available");
      expect(s.state.lb.next).toBeNull();
    }
  });
});

describe("store strategy outage", () => {
  it("storeDown makes requests that need the store fail with 503; storeUp restores them with the sessions kept", async () => {
    const { steps } = await run("store", [login(), storeDown(), request(), logout(), login("bob"), storeUp(), request()]);
    expect(steps.map(brief)).toEqual([
      "S1:200:session-created",
      "null:null:store-down",
      "S2:503:store-unavailable",
      "S3:503:store-unavailable",
      "S1:503:store-unavailable",
      "null:null:store-up",
      "S2:200:session-valid",
    ]);
    expect(steps[2]?.message).toBe("Session store unavailable");
    expect(steps[2]?.state.store?.up).toBe(false);
    expect(steps[2]?.state.store?.sessions).toHaveLength(1); // persisted through the outage
    expect(steps[6]?.user).toBe("alice"); // bob's login never happened
  });

  it("a request with no cookie does not need the store: 401, not 503", async () => {
    const { steps } = await run("store", [storeDown(), request()]);
    expect(brief(steps[1]!)).toBe("S1:401:no-session-cookie");
  });

  it("jwt is not affected by storeDown", async () => {
    const { steps } = await run("jwt", [login(), storeDown(), request(), request(), storeUp(), request()]);
    expect(steps.map((s) => s.status)).toEqual([200, null, 200, 200, null, 200]);
    expect(steps[1]?.reason).toBe("no-store");
    expect(steps[1]?.state.store).toBeNull();
  });

  it("storeDown / storeUp twice are no-ops", async () => {
    const { steps } = await run("store", [storeDown(), storeDown(), storeUp(), storeUp()]);
    expect(steps.map((s) => s.reason)).toEqual(["store-down", "store-already-down", "store-up", "store-already-up"]);
  });
});

describe("logout", () => {
  it("store: logout deletes the session everywhere; the next request is refused on every server", async () => {
    const { steps } = await run("store", [login(), request(), logout(), request(), request(), request()]);
    expect(brief(steps[2]!)).toBe("S3:200:session-deleted");
    expect(steps[2]?.state.store?.sessions).toEqual([]);
    expect(steps.slice(3).map(brief)).toEqual([
      "S1:401:no-session-cookie",
      "S2:401:no-session-cookie",
      "S3:401:no-session-cookie",
    ]);
  });

  it("jwt: logout only drops the client's copy: the token itself still verifies until exp", async () => {
    const jwt = testJwt();
    const { steps } = await runSim({ strategy: "jwt", actions: [login(), request(), logout(), request()] }, jwt);
    const token = steps[1]?.state.client.token;
    expect(typeof token).toBe("string");
    expect(brief(steps[2]!)).toBe("S3:200:token-discarded");
    expect(steps[2]?.state.client.token).toBeNull();
    expect(brief(steps[3]!)).toBe("S1:401:no-token");

    // Someone who kept a copy (or stole it) still gets in: at the logout's clock and until exp.
    const logoutClock = steps[2]!.state.clock;
    const exp = decodeUnverified(token!).payload?.exp as number;
    expect((await jwt.verify(token!, logoutClock)).valid).toBe(true);
    expect((await jwt.verify(token!, exp - 1)).valid).toBe(true);
    expect((await jwt.verify(token!, exp)).reason).toBe("expired");
    expect(steps[2]?.explanation).toContain("cannot revoke");
  });

  it("logout without credentials is a harmless 200", async () => {
    for (const strategy of ["memory", "sticky", "store", "jwt"] as const) {
      const { steps } = await run(strategy, [logout()]);
      expect(brief(steps[0]!)).toBe("S1:200:already-logged-out");
    }
  });
});

describe("jwt tokens", () => {
  it("are real HS256 JWTs with deterministic claims from the virtual clock", async () => {
    const { steps } = await run("jwt", [login()]);
    const token = steps[0]!.state.client.token!;
    const { header, payload } = decodeUnverified(token);
    expect(header).toEqual({ alg: "HS256", typ: "JWT" });
    expect(payload).toEqual({ sub: "alice", name: "Alice", iat: SIM_EPOCH + 1, exp: SIM_EPOCH + 1 + TOKEN_TTL_SECONDS });
    expect(steps[0]?.state.clock).toBe(SIM_EPOCH + 1);
    const again = await run("jwt", [login()]);
    expect(again.steps[0]?.state.client.token).toBe(token);
  });

  it("tamper makes the next request 401 (signature check fails)", async () => {
    const { steps } = await run("jwt", [login(), request(), tamper(), request(), request()]);
    expect(steps.map(brief)).toEqual([
      "S1:200:token-issued",
      "S2:200:token-valid",
      "null:null:token-tampered",
      "S3:401:token-bad-signature",
      "S1:401:token-bad-signature",
    ]);
    const edited = decodeUnverified(steps[2]!.state.client.token!).payload;
    expect(edited).toMatchObject({ sub: "mallory", name: "Mallory", role: "admin" });
    // same signature as before
    expect(steps[2]!.state.client.token!.split(".")[2]).toBe(steps[1]!.state.client.token!.split(".")[2]);
  });

  it("tamper with custom claims (extend exp) is still refused", async () => {
    const { steps } = await run("jwt", [login(), tamper({ exp: SIM_EPOCH + 999_999, admin: true }), request()]);
    expect(brief(steps[2]!)).toBe("S2:401:token-bad-signature");
  });

  it("a tamper that changes nothing leaves the very same token, which still verifies", async () => {
    const { steps } = await run("jwt", [login(), tamper({ sub: "alice" }), request()]);
    expect(steps[1]?.state.client.token).toBe(steps[0]?.state.client.token);
    expect(brief(steps[2]!)).toBe("S2:200:token-valid");
  });

  it("a new login after a tamper gets a fresh valid token", async () => {
    const { steps } = await run("jwt", [login(), tamper(), login(), request()]);
    expect(brief(steps[3]!)).toBe("S3:200:token-valid");
  });

  it("wait past exp makes the request 401 token-expired; a tampered expired token reports bad signature", async () => {
    const { steps } = await run("jwt", [login(), wait(898), request(), wait(TOKEN_TTL_SECONDS), request()]);
    // login at t+1 (exp = t+901); the request after wait(898) runs at t+1+898+1 = t+900 < exp
    expect(brief(steps[2]!)).toBe("S2:200:token-valid");
    expect(steps[3]?.reason).toBe("time-passed");
    expect(steps[3]?.explanation).toContain("has passed");
    expect(brief(steps[4]!)).toBe("S3:401:token-expired");
    expect(steps[4]?.message).toBe("Please log in again");

    const tampered = await run("jwt", [login(), wait(5000), tamper(), request()]);
    expect(tampered.steps[3]?.reason).toBe("token-bad-signature");
  });

  it("expiry is exact: a request at exp is refused, one second before is accepted", async () => {
    const ok = await run("jwt", [login(), wait(TOKEN_TTL_SECONDS - 2), request()]);
    expect(ok.steps[2]?.state.clock).toBe(SIM_EPOCH + TOKEN_TTL_SECONDS);
    expect(ok.steps[2]?.status).toBe(200);
    const expired = await run("jwt", [login(), wait(TOKEN_TTL_SECONDS - 1), request()]);
    expect(expired.steps[2]?.state.clock).toBe(SIM_EPOCH + 1 + TOKEN_TTL_SECONDS);
    expect(expired.steps[2]?.reason).toBe("token-expired");
  });

  it("tamper has nothing to edit in session strategies or without a token", async () => {
    for (const strategy of ["memory", "sticky", "store"] as const) {
      const { steps } = await run(strategy, [login(), tamper(), request()], 1);
      expect(steps[1]?.reason).toBe("nothing-to-tamper");
      expect(steps[2]?.status).toBe(200);
    }
    const { steps } = await run("jwt", [tamper()]);
    expect(steps[0]?.reason).toBe("nothing-to-tamper");
  });
});

describe("credentials", () => {
  it("a request with no credentials gets 401 naming what is missing", async () => {
    for (const strategy of ["memory", "sticky", "store"] as const) {
      const { steps } = await run(strategy, [request()]);
      expect(brief(steps[0]!)).toBe("S1:401:no-session-cookie");
      expect(steps[0]?.user).toBeNull();
      expect(steps[0]?.message).toBe("Please log in");
    }
    const { steps } = await run("jwt", [request()]);
    expect(brief(steps[0]!)).toBe("S1:401:no-token");
  });
});

describe("world actions", () => {
  it("kill / revive twice are no-ops and do not advance the clock", async () => {
    const { steps } = await run("memory", [kill("S2"), kill("S2"), revive("S2"), revive("S2"), wait(60)]);
    expect(steps.map((s) => s.reason)).toEqual([
      "server-killed",
      "server-already-dead",
      "server-revived",
      "server-already-alive",
      "time-passed",
    ]);
    expect(steps.slice(0, 4).every((s) => s.state.clock === SIM_EPOCH)).toBe(true);
    expect(steps[4]?.state.clock).toBe(SIM_EPOCH + 60);
    expect(steps[4]?.message).toBe("1 minute later");
  });

  it("world actions have status null, servedBy null, user null", async () => {
    const { steps } = await run("store", [kill("S1"), revive("S1"), tamper(), storeDown(), storeUp(), wait(1)]);
    for (const s of steps) {
      expect([s.status, s.servedBy, s.user]).toEqual([null, null, null]);
    }
  });
});

describe("session ids", () => {
  it("look like sess_ + 6 hex chars, are deterministic and unique within a run", async () => {
    const actions: Action[] = Array.from({ length: 300 }, (_, i) => login(`u${i % 7}`));
    const a = runSimSync({ strategy: "store", servers: 1, actions });
    const b = runSimSync({ strategy: "store", servers: 1, actions });
    const ids = a.steps.map((s) => s.state.client.sessionId);
    expect(ids).toEqual(b.steps.map((s) => s.state.client.sessionId));
    for (const id of ids) expect(id).toMatch(/^sess_[0-9a-f]{6}$/);
    expect(new Set(ids).size).toBe(ids.length);
  });
});

describe("trace contract", () => {
  it("one step per action, in order, matching SimResultSchema, with known reason codes", async () => {
    const actions: Action[] = [login(), request(), kill("S1"), tamper(), storeDown(), wait(10), logout(), revive("S1")];
    for (const strategy of ["memory", "sticky", "store", "jwt"] as const) {
      const result = await run(strategy, actions);
      expect(SimResultSchema.parse(result)).toEqual(result);
      expect(result.engineVersion).toBe("1");
      expect(result.steps.map((s) => s.index)).toEqual(actions.map((_, i) => i));
      expect(result.steps.map((s) => s.action)).toEqual(actions);
      for (const s of result.steps) expect(REASON_CODES).toContain(s.reason);
    }
  });

  it("an empty log gives an empty trace", async () => {
    expect((await run("memory", [])).steps).toEqual([]);
  });

  it("the engine rejects input the schema rejects", async () => {
    expect(() => runSimSync({ strategy: "memory", servers: 3, actions: [{ type: "kill", server: "S7" }] })).toThrow(
      SimInputError,
    );
    await expect(
      runSim({ strategy: "memory", servers: 10, actions: [] }, createJoseJwt(TEST_SECRET)),
    ).rejects.toBeInstanceOf(SimInputError);
  });

  it("runSim does not mutate its input", async () => {
    const input = { strategy: "jwt" as const, servers: 2, actions: [login(), tamper({ a: 1 }), request()] };
    const copy = structuredClone(input);
    await runSim(input, testJwt());
    expect(input).toEqual(copy);
  });
});
