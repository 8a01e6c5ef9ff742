import { encode } from "next-auth/jwt";
import { beforeEach, describe, expect, it, vi } from "vitest";

const SECRET = "test-secret-test-secret-test-secret-1234";
const jar = vi.hoisted(() => ({ cookies: [] as { name: string; value: string }[] }));
const loadAuthSession = vi.hoisted(() => vi.fn());

vi.mock("next/headers", () => ({ cookies: async () => ({ getAll: () => jar.cookies }) }));
vi.mock("@/lib/env", () => ({ serverEnv: () => ({ AUTH_SECRET: SECRET }) }));
vi.mock("./options", () => ({ SESSION_COOKIE: "lectern.session" }));
vi.mock("./sessions", () => ({ loadAuthSession }));

const { getCurrentUser } = await import("./current-user");

const row = (sid: string) => ({ id: sid, user: { id: "u1", email: "a@example.test", name: "Ada", role: "learner" } });

describe("getCurrentUser", () => {
  beforeEach(() => {
    jar.cookies = [];
    loadAuthSession.mockReset();
    loadAuthSession.mockImplementation(async (sid: string) => row(sid));
  });

  it("is null without a session cookie, and reads nothing", async () => {
    expect(await getCurrentUser()).toBeNull();
    expect(loadAuthSession).not.toHaveBeenCalled();
  });

  it("reads the session row once per call: one read per request, revocation checked every time", async () => {
    jar.cookies = [{ name: "lectern.session", value: await encode({ token: { sid: "s1", sub: "u1" }, secret: SECRET }) }];
    expect(await getCurrentUser()).toEqual({ id: "u1", email: "a@example.test", name: "Ada", role: "learner", sid: "s1" });
    expect(loadAuthSession).toHaveBeenCalledTimes(1);
    expect(loadAuthSession).toHaveBeenCalledWith("s1");
    // The same token again (decoded from the cache): the row is still asked for, and a revoked one means signed out.
    loadAuthSession.mockResolvedValueOnce(null);
    expect(await getCurrentUser()).toBeNull();
    expect(loadAuthSession).toHaveBeenCalledTimes(2);
  });

  it("joins a token that next-auth split into numbered chunks", async () => {
    const token = await encode({ token: { sid: "s2" }, secret: SECRET });
    const cut = Math.floor(token.length / 2);
    jar.cookies = [
      { name: "lectern.session.1", value: token.slice(cut) },
      { name: "other", value: "x" },
      { name: "lectern.session.0", value: token.slice(0, cut) },
    ];
    expect((await getCurrentUser())?.sid).toBe("s2");
  });

  it("is null for a token it cannot decrypt, an expired one, or one without a session id", async () => {
    jar.cookies = [{ name: "lectern.session", value: "not-a-token" }];
    expect(await getCurrentUser()).toBeNull();
    jar.cookies = [{ name: "lectern.session", value: await encode({ token: { sid: "s3" }, secret: "another-secret-another-secret-another-1" }) }];
    expect(await getCurrentUser()).toBeNull();
    jar.cookies = [{ name: "lectern.session", value: await encode({ token: { sid: "s4" }, secret: SECRET, maxAge: -60 }) }];
    expect(await getCurrentUser()).toBeNull();
    jar.cookies = [{ name: "lectern.session", value: await encode({ token: { sub: "u1" }, secret: SECRET }) }];
    expect(await getCurrentUser()).toBeNull();
    expect(loadAuthSession).not.toHaveBeenCalled();
  });
});
