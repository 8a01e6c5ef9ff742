import { base64url, SignJWT } from "jose";
import { describe, expect, it } from "vitest";
import { defaultVerifyTime, handleJwtVerifyPost, handleSimPost, MAX_BODY_BYTES, methodNotAllowed, options } from "./api";
import { TEST_SECRET } from "./test-helpers";
import { ApiErrorSchema, SIM_EPOCH, SimResultSchema, TOKEN_TTL_SECONDS, type SimResult } from "./types";

const deps = { getSecret: () => TEST_SECRET };

function simRequest(body?: BodyInit | null, init: RequestInit = {}): Request {
  return new Request("http://localhost/api/sim", { method: "POST", body, ...init });
}

async function postSim(body: string | undefined, headers: Record<string, string> = { "content-type": "application/json" }) {
  const response = await handleSimPost(simRequest(body, { headers }), deps);
  return { response, json: (await response.json()) as unknown };
}

async function postVerify(body: unknown) {
  const response = await handleJwtVerifyPost(
    new Request("http://localhost/api/jwt/verify", { method: "POST", body: typeof body === "string" ? body : JSON.stringify(body) }),
    deps,
  );
  return { response, json: (await response.json()) as Record<string, unknown> };
}

function expectJsonHeaders(response: Response) {
  expect(response.headers.get("content-type")).toMatch(/^application\/json/);
  expect(response.headers.get("cache-control")).toBe("no-store");
}

const many = (n: number) => JSON.stringify({ strategy: "memory", actions: Array.from({ length: n }, () => ({ type: "request" })) });
const sim = (extra: Record<string, unknown>) => JSON.stringify({ strategy: "memory", servers: 3, actions: [], ...extra });
const act = (action: unknown, servers = 3) => JSON.stringify({ strategy: "memory", servers, actions: [action] });

/** [label, body, expected status, expected first issue path (undefined: don't care)] */
export const MALFORMED: [string, string, 400 | 413, string | undefined][] = [
  ["not JSON", "not json", 400, ""],
  ["truncated JSON", '{"strategy":', 400, ""],
  ["empty body", "", 400, ""],
  ["whitespace body", "   \n", 400, ""],
  ["JSON null", "null", 400, ""],
  ["JSON array", "[]", 400, ""],
  ["JSON array of actions", '[{"type":"login","user":"alice"}]', 400, ""],
  ["JSON number", "42", 400, ""],
  ["JSON string", '"memory"', 400, ""],
  ["empty object", "{}", 400, "strategy"],
  ["missing actions", '{"strategy":"memory"}', 400, "actions"],
  ["unknown strategy", sim({ strategy: "redis" }), 400, "strategy"],
  ["strategy null", sim({ strategy: null }), 400, "strategy"],
  ["actions is an object", sim({ actions: {} }), 400, "actions"],
  ["unknown action type", act({ type: "explode" }), 400, "actions.0.type"],
  ["action type wrong case", act({ type: "Login", user: "alice" }), 400, "actions.0.type"],
  ["action without type", act({ user: "alice" }), 400, "actions.0.type"],
  ["null action", act(null), 400, "actions.0"],
  ["string action", act("request"), 400, "actions.0"],
  ["S7 with 3 servers", act({ type: "kill", server: "S7" }), 400, "actions.0.server"],
  ["revive S4 with 3 servers", act({ type: "revive", server: "S4" }), 400, "actions.0.server"],
  ["S0", act({ type: "kill", server: "S0" }), 400, "actions.0.server"],
  ["lowercase server id", act({ type: "kill", server: "s1" }), 400, "actions.0.server"],
  ["kill without server", act({ type: "kill" }), 400, "actions.0.server"],
  ["501 actions", many(501), 400, "actions"],
  ["33-char user", act({ type: "login", user: "a".repeat(33) }), 400, "actions.0.user"],
  ["user with a space", act({ type: "login", user: "alice smith" }), 400, "actions.0.user"],
  ["empty user", act({ type: "login", user: "" }), 400, "actions.0.user"],
  ["numeric user", act({ type: "login", user: 42 }), 400, "actions.0.user"],
  ["user with unicode", act({ type: "login", user: "alicé" }), 400, "actions.0.user"],
  ["login without user", act({ type: "login" }), 400, "actions.0.user"],
  ["servers 0", sim({ servers: 0 }), 400, "servers"],
  ["servers 10", sim({ servers: 10 }), 400, "servers"],
  ["servers 2.5", sim({ servers: 2.5 }), 400, "servers"],
  ['servers "3"', sim({ servers: "3" }), 400, "servers"],
  ["servers null", sim({ servers: null }), 400, "servers"],
  ["servers -1", sim({ servers: -1 }), 400, "servers"],
  ["extra top-level key", sim({ debug: true }), 400, "debug"],
  ["extra key in an action", act({ type: "request", foo: 1 }), 400, "actions.0.foo"],
  ["__proto__ key", '{"strategy":"memory","actions":[],"__proto__":{"polluted":true}}', 400, "__proto__"],
  ["wait 0 seconds", act({ type: "wait", seconds: 0 }), 400, "actions.0.seconds"],
  ["wait 86401 seconds", act({ type: "wait", seconds: 86_401 }), 400, "actions.0.seconds"],
  ["wait 1.5 seconds", act({ type: "wait", seconds: 1.5 }), 400, "actions.0.seconds"],
  ["wait without seconds", act({ type: "wait" }), 400, "actions.0.seconds"],
  ["tamper claims not an object", act({ type: "tamper", claims: "admin" }), 400, "actions.0.claims"],
  ["tamper claim value an object", act({ type: "tamper", claims: { role: { admin: true } } }), 400, "actions.0.claims.role"],
  ["tamper claim name invalid", act({ type: "tamper", claims: { "bad key": 1 } }), 400, "actions.0.claims.bad key"],
  ["tamper claim value too long", act({ type: "tamper", claims: { name: "x".repeat(257) } }), 400, "actions.0.claims.name"],
  ["tamper 17 claims", act({ type: "tamper", claims: Object.fromEntries(Array.from({ length: 17 }, (_, i) => [`c${i}`, i])) }), 400, "actions.0.claims"],
  ["request with a payload", act({ type: "request", user: "alice" }), 400, "actions.0.user"],
  ["70 KB body", JSON.stringify({ strategy: "memory", actions: [], pad: "x".repeat(70 * 1024) }), 413, ""],
];

describe("POST /api/sim handler: valid runs", () => {
  it("memory, three of four requests fail", async () => {
    const { response, json } = await postSim(
      JSON.stringify({
        strategy: "memory",
        servers: 3,
        actions: [{ type: "login", user: "alice" }, { type: "request" }, { type: "request" }, { type: "request" }, { type: "request" }],
      }),
    );
    expect(response.status).toBe(200);
    expectJsonHeaders(response);
    const result = SimResultSchema.parse(json);
    expect(result.engineVersion).toBe("1");
    expect(result.steps.map((s) => [s.servedBy, s.status])).toEqual([
      ["S1", 200],
      ["S2", 401],
      ["S3", 401],
      ["S1", 200],
      ["S2", 401],
    ]);
    expect(result.steps[0]).toMatchObject({ user: "alice", reason: "session-created", message: "Hi Alice, you are logged in" });
  });

  it("servers defaults to 3", async () => {
    const { json } = await postSim(JSON.stringify({ strategy: "store", actions: [] }));
    expect((json as SimResult).servers).toBe(3);
  });

  it("jwt: a real token, tamper -> 401", async () => {
    const { response, json } = await postSim(
      JSON.stringify({ strategy: "jwt", actions: [{ type: "login", user: "alice" }, { type: "request" }, { type: "tamper" }, { type: "request" }] }),
    );
    expect(response.status).toBe(200);
    const result = json as SimResult;
    expect(result.steps.map((s) => s.reason)).toEqual(["token-issued", "token-valid", "token-tampered", "token-bad-signature"]);
    const token = result.steps[0]!.state.client.token!;
    const verified = await postVerify({ token });
    expect(verified.json).toMatchObject({ valid: true, reason: "ok" });
  });

  it("500 actions and S9 with 9 servers are accepted", async () => {
    expect((await postSim(many(500))).response.status).toBe(200);
    expect((await postSim(act({ type: "kill", server: "S9" }, 9))).response.status).toBe(200);
  });

  it("the same body gives byte-identical responses", async () => {
    const body = JSON.stringify({
      strategy: "jwt",
      actions: [{ type: "login", user: "alice" }, { type: "wait", seconds: 1000 }, { type: "request" }],
    });
    const a = await handleSimPost(simRequest(body), deps);
    const b = await handleSimPost(simRequest(body), deps);
    expect(await a.text()).toBe(await b.text());
  });

  it("ignores the content type (the body is read as text)", async () => {
    const { response } = await postSim(sim({}), { "content-type": "text/plain" });
    expect(response.status).toBe(200);
  });
});

describe("POST /api/sim handler: malformed input never reaches the engine", () => {
  it(`has at least 25 malformed cases (${MALFORMED.length})`, () => {
    expect(MALFORMED.length).toBeGreaterThanOrEqual(25);
  });

  it.each(MALFORMED)("%s -> %i", async (_label, body, status, path) => {
    const { response, json } = await postSim(body);
    expect(response.status).toBe(status);
    expectJsonHeaders(response);
    const error = ApiErrorSchema.parse(json);
    expect(error.error.length).toBeGreaterThan(10);
    expect(error.error).toMatch(/^[A-Z].*[.!]$/s);
    if (path !== undefined) expect(error.issues[0]?.path).toBe(path);
    if (status === 400 && path !== "") expect(error.error).toContain(path);
  });

  it("S7 with 3 servers names the field and the valid range", async () => {
    const { json } = await postSim(
      JSON.stringify({ strategy: "memory", actions: [{ type: "login", user: "alice" }, { type: "request" }, { type: "kill", server: "S7" }] }),
    );
    expect(json).toEqual({
      error: "Problem with actions.2.server: S7 does not exist; this run has 3 servers (S1 to S3).",
      issues: [{ path: "actions.2.server", message: "S7 does not exist; this run has 3 servers (S1 to S3)" }],
    });
  });

  it("lists several problems at once, capped at 20", async () => {
    const body = JSON.stringify({ strategy: "memory", servers: 1, actions: Array.from({ length: 30 }, () => ({ type: "kill", server: "S2" })) });
    const { json } = await postSim(body);
    const error = ApiErrorSchema.parse(json);
    expect(error.issues).toHaveLength(20);
    expect(error.error).toContain("29 more problems");
  });

  it("413 from Content-Length before reading", async () => {
    const request = simRequest(sim({}), { headers: { "content-length": String(MAX_BODY_BYTES + 1) } });
    const response = await handleSimPost(request, deps);
    expect(response.status).toBe(413);
    expectJsonHeaders(response);
  });

  it("413 from the bytes actually read when Content-Length lies", async () => {
    const big = new TextEncoder().encode(JSON.stringify({ strategy: "memory", actions: [], pad: "x".repeat(MAX_BODY_BYTES) }));
    let pulls = 0;
    const stream = new ReadableStream<Uint8Array>({
      pull(controller) {
        const chunk = big.subarray(pulls * 4096, (pulls + 1) * 4096);
        pulls++;
        if (chunk.byteLength === 0) controller.close();
        else controller.enqueue(chunk);
      },
    });
    const request = new Request("http://localhost/api/sim", {
      method: "POST",
      body: stream,
      headers: { "content-length": "10" },
      duplex: "half",
    } as RequestInit & { duplex: "half" });
    const response = await handleSimPost(request, deps);
    expect(response.status).toBe(413);
    // it stopped reading soon after the limit
    expect(pulls).toBeLessThanOrEqual(Math.ceil(MAX_BODY_BYTES / 4096) + 3);
  });

  it("exactly 64 KB is accepted by the size check", async () => {
    const base = JSON.stringify({ strategy: "memory", actions: [] });
    const padded = base + " ".repeat(MAX_BODY_BYTES - base.length);
    expect(new TextEncoder().encode(padded).byteLength).toBe(MAX_BODY_BYTES);
    expect((await postSim(padded)).response.status).toBe(200);
    expect((await postSim(padded + " ")).response.status).toBe(413);
  });

  it("a non-numeric Content-Length is a 400", async () => {
    const response = await handleSimPost(simRequest(sim({}), { headers: { "content-length": "lots" } }), deps);
    expect(response.status).toBe(400);
  });

  it("invalid UTF-8 is a 400", async () => {
    const response = await handleSimPost(simRequest(new Uint8Array([0x7b, 0xff, 0xfe, 0x7d])), deps);
    expect(response.status).toBe(400);
    expect(ApiErrorSchema.parse(await response.json()).error).toContain("UTF-8");
  });

  it("no body at all is a 400", async () => {
    const response = await handleSimPost(simRequest(null), deps);
    expect(response.status).toBe(400);
  });
});

describe("methods", () => {
  it.each(["GET", "PUT", "PATCH", "DELETE"])("%s -> 405 JSON", async (method) => {
    const response = methodNotAllowed(new Request("http://localhost/api/sim", { method }));
    expect(response.status).toBe(405);
    expectJsonHeaders(response);
    expect(response.headers.get("allow")).toBe("POST, OPTIONS");
    const error = ApiErrorSchema.parse(await response.json());
    expect(error.error).toContain("POST");
    expect(error.error).toContain("/api/sim");
  });

  it("OPTIONS -> 204 with Allow", () => {
    const response = options();
    expect(response.status).toBe(204);
    expect(response.headers.get("allow")).toBe("POST, OPTIONS");
  });

  it("the POST handlers refuse other methods too", async () => {
    expect((await handleSimPost(new Request("http://localhost/api/sim"), deps)).status).toBe(405);
    expect((await handleJwtVerifyPost(new Request("http://localhost/api/jwt/verify"), deps)).status).toBe(405);
  });
});

describe("POST /api/jwt/verify handler", () => {
  const enc = (value: unknown) => base64url.encode(JSON.stringify(value));
  const claims = { sub: "alice", name: "Alice", iat: SIM_EPOCH + 1, exp: SIM_EPOCH + 1 + TOKEN_TTL_SECONDS };
  const sign = (alg: "HS256" | "HS512" = "HS256", secret: Uint8Array = TEST_SECRET) =>
    new SignJWT({ ...claims }).setProtectedHeader({ alg, typ: "JWT" }).sign(secret);

  it("a lab token is valid at its own iat + 1 by default", async () => {
    const { response, json } = await postVerify({ token: await sign() });
    expect(response.status).toBe(200);
    expectJsonHeaders(response);
    expect(json).toEqual({ valid: true, reason: "ok", header: { alg: "HS256", typ: "JWT" }, payload: claims, at: claims.iat + 1 });
  });

  it("`at` checks expiry at any virtual time", async () => {
    const token = await sign();
    expect((await postVerify({ token, at: claims.exp - 1 })).json).toMatchObject({ valid: true, at: claims.exp - 1 });
    expect((await postVerify({ token, at: claims.exp })).json).toMatchObject({ valid: false, reason: "expired", payload: claims });
  });

  it("an edited payload is bad-signature, with the decoded (unverified) payload shown", async () => {
    const [h, , s] = (await sign()).split(".");
    const token = `${h}.${enc({ ...claims, sub: "mallory", role: "admin" })}.${s}`;
    expect((await postVerify({ token })).json).toMatchObject({
      valid: false,
      reason: "bad-signature",
      header: { alg: "HS256" },
      payload: { sub: "mallory", role: "admin" },
    });
  });

  it("alg none, HS512 are alg-not-allowed; garbage is malformed", async () => {
    const none = `${enc({ alg: "none", typ: "JWT" })}.${enc(claims)}.`;
    expect((await postVerify({ token: none })).json).toMatchObject({ valid: false, reason: "alg-not-allowed" });
    expect((await postVerify({ token: await sign("HS512", new Uint8Array(64)) })).json).toMatchObject({ reason: "alg-not-allowed" });
    expect((await postVerify({ token: "hello" })).json).toEqual({ valid: false, reason: "malformed", header: null, payload: null, at: SIM_EPOCH });
  });

  it("a token signed with another secret is bad-signature", async () => {
    const token = await sign("HS256", new Uint8Array(32).fill(9));
    expect((await postVerify({ token })).json).toMatchObject({ valid: false, reason: "bad-signature" });
  });

  it("a weird iat does not break the default clock", async () => {
    const [h, , s] = (await sign()).split(".");
    for (const iat of [1e300, -5, "yesterday", null]) {
      const token = `${h}.${enc({ ...claims, iat })}.${s}`;
      const { response, json } = await postVerify({ token });
      expect(response.status).toBe(200);
      expect(json).toMatchObject({ reason: "bad-signature", at: SIM_EPOCH });
    }
    expect(defaultVerifyTime({ iat: SIM_EPOCH })).toBe(SIM_EPOCH + 1);
    expect(defaultVerifyTime(null)).toBe(SIM_EPOCH);
  });

  it.each<[string, unknown, 400 | 413, string]>([
    ["not JSON", "nope", 400, ""],
    ["empty", "", 400, ""],
    ["array", [], 400, ""],
    ["missing token", {}, 400, "token"],
    ["token not a string", { token: 42 }, 400, "token"],
    ["empty token", { token: "" }, 400, "token"],
    ["token over 4096 chars", { token: "a".repeat(4097) }, 400, "token"],
    ["at not an integer", { token: "a.b.c", at: 1.5 }, 400, "at"],
    ["at a string", { token: "a.b.c", at: "now" }, 400, "at"],
    ["at negative", { token: "a.b.c", at: -1 }, 400, "at"],
    ["extra key", { token: "a.b.c", alg: "none" }, 400, "alg"],
    ["70 KB", { token: "x".repeat(70 * 1024) }, 413, ""],
  ])("bad input: %s -> %i", async (_label, body, status, path) => {
    const { response, json } = await postVerify(body);
    expect(response.status).toBe(status);
    expectJsonHeaders(response);
    const error = ApiErrorSchema.parse(json);
    expect(error.issues[0]?.path).toBe(path);
  });
});
