/**
 * HTTP tests for the session-strategy lab API (POST /api/sim, POST /api/jwt/verify), against the
 * running site. The same logic is unit-tested in lib/sim/api.test.ts; this checks the real
 * route wiring, headers and status codes through Next.
 */
import { expect, test, type APIRequestContext, type APIResponse } from "@playwright/test";
import { ApiErrorSchema, SimResultSchema, type SimResult } from "@/lib/sim/types";

const JSON_HEADERS = { "content-type": "application/json" };

async function simulate(request: APIRequestContext, body: unknown): Promise<SimResult> {
  const response = await request.post("/api/sim", { data: JSON.stringify(body), headers: JSON_HEADERS });
  expect(response.status(), await response.text()).toBe(200);
  expectJsonNoStore(response);
  return SimResultSchema.parse(await response.json());
}

function expectJsonNoStore(response: APIResponse) {
  expect(response.headers()["content-type"]).toMatch(/^application\/json/);
  expect(response.headers()["cache-control"]).toContain("no-store");
}

const briefOf = (result: SimResult) => result.steps.map((s) => `${s.servedBy}:${s.status}`);
const b64 = (value: unknown) => Buffer.from(JSON.stringify(value)).toString("base64url");

test.describe("POST /api/sim: canonical runs", () => {
  test("memory, three servers: three of four requests after login fail", async ({ request }) => {
    const result = await simulate(request, {
      strategy: "memory",
      servers: 3,
      actions: [{ type: "login", user: "alice" }, { type: "request" }, { type: "request" }, { type: "request" }, { type: "request" }],
    });
    expect(result.engineVersion).toBe("1");
    expect(briefOf(result)).toEqual(["S1:200", "S2:401", "S3:401", "S1:200", "S2:401"]);
    expect(result.steps[0]).toMatchObject({ user: "alice", reason: "session-created" });
    expect(result.steps[1]).toMatchObject({ user: null, reason: "session-not-found", message: "Please log in again" });
    expect(result.steps[3]).toMatchObject({ user: "alice", reason: "session-valid", message: "Hi Alice" });
  });

  test("memory, one server: nothing fails", async ({ request }) => {
    const result = await simulate(request, {
      strategy: "memory",
      servers: 1,
      actions: [{ type: "login", user: "alice" }, { type: "request" }, { type: "request" }, { type: "request" }],
    });
    expect(briefOf(result)).toEqual(["S1:200", "S1:200", "S1:200", "S1:200"]);
  });

  test("sticky: pinned until its server dies, then 401 on the new server, and a new login pins there", async ({ request }) => {
    const result = await simulate(request, {
      strategy: "sticky",
      actions: [
        { type: "login", user: "alice" },
        { type: "request" },
        { type: "request" },
        { type: "kill", server: "S1" },
        { type: "request" },
        { type: "login", user: "alice" },
        { type: "request" },
      ],
    });
    expect(briefOf(result)).toEqual(["S1:200", "S1:200", "S1:200", "null:null", "S2:401", "S2:200", "S2:200"]);
    expect(result.steps[4]?.state.lb.pinned).toBe("S2");
  });

  for (const strategy of ["store", "jwt"] as const) {
    test(`${strategy}: survives kills while one server is alive`, async ({ request }) => {
      const result = await simulate(request, {
        strategy,
        actions: [
          { type: "login", user: "alice" },
          { type: "request" },
          { type: "kill", server: "S1" },
          { type: "request" },
          { type: "kill", server: "S2" },
          { type: "request" },
          { type: "revive", server: "S1" },
          { type: "request" },
          { type: "kill", server: "S3" },
          { type: "request" },
        ],
      });
      const requests = result.steps.filter((s) => s.action.type === "request");
      expect(requests.map((s) => s.status)).toEqual([200, 200, 200, 200, 200]);
      expect(requests.every((s) => s.user === "alice")).toBe(true);
    });
  }

  test("no live server: 503 with servedBy null", async ({ request }) => {
    const result = await simulate(request, {
      strategy: "store",
      servers: 1,
      actions: [{ type: "login", user: "alice" }, { type: "kill", server: "S1" }, { type: "request" }],
    });
    expect(result.steps[2]).toMatchObject({ servedBy: null, status: 503, reason: "no-server-available" });
  });

  test("store outage: 503 store-unavailable, jwt unaffected", async ({ request }) => {
    const actions = [{ type: "login", user: "alice" }, { type: "storeDown" }, { type: "request" }, { type: "storeUp" }, { type: "request" }];
    const store = await simulate(request, { strategy: "store", actions });
    expect(store.steps.map((s) => s.status)).toEqual([200, null, 503, null, 200]);
    expect(store.steps[2]?.reason).toBe("store-unavailable");
    const jwt = await simulate(request, { strategy: "jwt", actions });
    expect(jwt.steps.map((s) => s.status)).toEqual([200, null, 200, null, 200]);
  });

  test("jwt: tamper makes the next request 401 bad signature", async ({ request }) => {
    const result = await simulate(request, {
      strategy: "jwt",
      actions: [{ type: "login", user: "alice" }, { type: "request" }, { type: "tamper" }, { type: "request" }],
    });
    expect(result.steps.map((s) => s.reason)).toEqual(["token-issued", "token-valid", "token-tampered", "token-bad-signature"]);
    expect(result.steps[3]?.status).toBe(401);
  });

  test("jwt: waiting past exp gives 401 token-expired", async ({ request }) => {
    const result = await simulate(request, {
      strategy: "jwt",
      actions: [{ type: "login", user: "alice" }, { type: "wait", seconds: 900 }, { type: "request" }],
    });
    expect(result.steps[2]).toMatchObject({ status: 401, reason: "token-expired" });
  });

  test("jwt: logout drops the browser's copy, but the token still verifies until exp", async ({ request }) => {
    const result = await simulate(request, {
      strategy: "jwt",
      actions: [{ type: "login", user: "alice" }, { type: "logout" }, { type: "request" }],
    });
    const token = result.steps[0]?.state.client.token;
    expect(token).toEqual(expect.any(String));
    expect(result.steps[1]).toMatchObject({ status: 200, reason: "token-discarded", state: { client: { token: null } } });
    expect(result.steps[2]).toMatchObject({ status: 401, reason: "no-token" });

    const at = result.steps[1]!.state.clock;
    const verify = await request.post("/api/jwt/verify", { data: { token, at } });
    expect(verify.status()).toBe(200);
    expectJsonNoStore(verify);
    expect(await verify.json()).toMatchObject({ valid: true, reason: "ok", payload: { sub: "alice" }, at });
  });

  test("the same body always gives the same bytes", async ({ request }) => {
    const body = JSON.stringify({
      strategy: "jwt",
      actions: [{ type: "login", user: "alice" }, { type: "request" }, { type: "tamper", claims: { admin: true } }, { type: "request" }],
    });
    const a = await request.post("/api/sim", { data: body, headers: JSON_HEADERS });
    const b = await request.post("/api/sim", { data: body, headers: JSON_HEADERS });
    expect(await a.text()).toBe(await b.text());
  });
});

const sim = (extra: Record<string, unknown>) => JSON.stringify({ strategy: "memory", servers: 3, actions: [], ...extra });
const act = (action: unknown) => JSON.stringify({ strategy: "memory", servers: 3, actions: [action] });

/** [label, raw body, expected status] */
const MALFORMED: [string, string, 400 | 413][] = [
  ["not JSON", "not json", 400],
  ["truncated JSON", '{"strategy":', 400],
  ["empty body", "", 400],
  ["JSON null", "null", 400],
  ["JSON array", "[]", 400],
  ["JSON number", "42", 400],
  ["JSON string", '"memory"', 400],
  ["empty object", "{}", 400],
  ["missing actions", '{"strategy":"memory"}', 400],
  ["unknown strategy", sim({ strategy: "redis" }), 400],
  ["strategy null", sim({ strategy: null }), 400],
  ["actions is an object", sim({ actions: {} }), 400],
  ["unknown action type", act({ type: "explode" }), 400],
  ["null action", act(null), 400],
  ["S7 with 3 servers", act({ type: "kill", server: "S7" }), 400],
  ["lowercase server id", act({ type: "revive", server: "s1" }), 400],
  ["501 actions", JSON.stringify({ strategy: "memory", actions: Array.from({ length: 501 }, () => ({ type: "request" })) }), 400],
  ["33-char user", act({ type: "login", user: "a".repeat(33) }), 400],
  ["user with a space", act({ type: "login", user: "alice smith" }), 400],
  ["empty user", act({ type: "login", user: "" }), 400],
  ["numeric user", act({ type: "login", user: 7 }), 400],
  ["servers 0", sim({ servers: 0 }), 400],
  ["servers 10", sim({ servers: 10 }), 400],
  ["servers 2.5", sim({ servers: 2.5 }), 400],
  ['servers "3"', sim({ servers: "3" }), 400],
  ["servers null", sim({ servers: null }), 400],
  ["extra top-level key", sim({ debug: true }), 400],
  ["extra key in an action", act({ type: "request", foo: 1 }), 400],
  ["wait 0 seconds", act({ type: "wait", seconds: 0 }), 400],
  ["wait over a day", act({ type: "wait", seconds: 86_401 }), 400],
  ["tamper claims with an object value", act({ type: "tamper", claims: { role: { admin: true } } }), 400],
  ["70 KB body", JSON.stringify({ strategy: "memory", actions: [], pad: "x".repeat(70 * 1024) }), 413],
];

test.describe("POST /api/sim: malformed bodies", () => {
  test(`there are at least 25 cases (${MALFORMED.length})`, () => {
    expect(MALFORMED.length).toBeGreaterThanOrEqual(25);
  });

  for (const [label, body, status] of MALFORMED) {
    test(`${label} -> ${status}`, async ({ request }) => {
      const response = await request.post("/api/sim", { data: body, headers: JSON_HEADERS });
      expect(response.status()).not.toBe(500);
      expect(response.status(), await response.text()).toBe(status);
      expectJsonNoStore(response);
      const error = ApiErrorSchema.parse(await response.json());
      expect(error.error.length).toBeGreaterThan(10);
    });
  }

  test("the 400 names the bad field", async ({ request }) => {
    const response = await request.post("/api/sim", {
      data: JSON.stringify({ strategy: "memory", actions: [{ type: "login", user: "alice" }, { type: "request" }, { type: "kill", server: "S7" }] }),
      headers: JSON_HEADERS,
    });
    expect(response.status()).toBe(400);
    const error = ApiErrorSchema.parse(await response.json());
    expect(error.issues[0]?.path).toBe("actions.2.server");
    expect(error.error).toContain("actions.2.server");
  });

  test("a body with no content type at all is still read", async ({ request }) => {
    const response = await request.post("/api/sim", { data: Buffer.from(sim({})) });
    expect(response.status()).toBe(200);
  });
});

test.describe("methods", () => {
  for (const path of ["/api/sim", "/api/jwt/verify"]) {
    for (const method of ["GET", "PUT", "PATCH", "DELETE"]) {
      test(`${method} ${path} -> 405 JSON`, async ({ request }) => {
        const response = await request.fetch(path, { method });
        expect(response.status()).toBe(405);
        expectJsonNoStore(response);
        expect(ApiErrorSchema.parse(await response.json()).error).toContain("POST");
      });
    }
    test(`OPTIONS ${path} -> 204 allowing POST`, async ({ request }) => {
      const response = await request.fetch(path, { method: "OPTIONS" });
      expect(response.status()).toBe(204);
      expect(response.headers()["allow"]).toBe("POST, OPTIONS");
    });
  }
});

test.describe("POST /api/jwt/verify", () => {
  test("a token from the sim verifies; an edited one is bad-signature", async ({ request }) => {
    const result = await simulate(request, { strategy: "jwt", actions: [{ type: "login", user: "alice" }] });
    const token = result.steps[0]!.state.client.token!;
    const ok = await request.post("/api/jwt/verify", { data: { token } });
    expect(await ok.json()).toMatchObject({ valid: true, reason: "ok", header: { alg: "HS256" }, payload: { sub: "alice" } });

    const [h, p, s] = token.split(".");
    const payload = JSON.parse(Buffer.from(p!, "base64url").toString()) as Record<string, unknown>;
    const edited = `${h}.${b64({ ...payload, sub: "mallory", role: "admin" })}.${s}`;
    const bad = await request.post("/api/jwt/verify", { data: { token: edited } });
    expect(bad.status()).toBe(200);
    expect(await bad.json()).toMatchObject({ valid: false, reason: "bad-signature", payload: { sub: "mallory" } });

    const expired = await request.post("/api/jwt/verify", { data: { token, at: (payload.exp as number) + 1 } });
    expect(await expired.json()).toMatchObject({ valid: false, reason: "expired" });
  });

  test("alg none is refused as alg-not-allowed; garbage is malformed", async ({ request }) => {
    const none = `${b64({ alg: "none", typ: "JWT" })}.${b64({ sub: "admin" })}.`;
    const r1 = await request.post("/api/jwt/verify", { data: { token: none } });
    expect(await r1.json()).toMatchObject({ valid: false, reason: "alg-not-allowed" });
    const r2 = await request.post("/api/jwt/verify", { data: { token: "definitely-not-a-jwt" } });
    expect(await r2.json()).toEqual({ valid: false, reason: "malformed", header: null, payload: null, at: expect.any(Number) });
  });

  const BAD: [string, string, 400 | 413][] = [
    ["not JSON", "nope", 400],
    ["empty", "", 400],
    ["array", "[]", 400],
    ["missing token", "{}", 400],
    ["token not a string", '{"token": 1}', 400],
    ["token over 4096 chars", JSON.stringify({ token: "a".repeat(4097) }), 400],
    ["extra key", JSON.stringify({ token: "a.b.c", alg: "none" }), 400],
    ["at not an integer", JSON.stringify({ token: "a.b.c", at: 1.5 }), 400],
    ["70 KB", JSON.stringify({ token: "x".repeat(70 * 1024) }), 413],
  ];
  for (const [label, body, status] of BAD) {
    test(`bad input: ${label} -> ${status}`, async ({ request }) => {
      const response = await request.post("/api/jwt/verify", { data: body, headers: JSON_HEADERS });
      expect(response.status()).toBe(status);
      expectJsonNoStore(response);
      expect(ApiErrorSchema.parse(await response.json()).error).toEqual(expect.any(String));
    });
  }
});
