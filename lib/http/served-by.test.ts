import { afterEach, describe, expect, it, vi } from "vitest";
import { errorResponse, json, withServedBy } from "./api";

describe("x-served-by on API answers (they do not pass through proxy.ts)", () => {
  afterEach(() => vi.unstubAllEnvs());

  it("names the instance on JSON answers, errors and responses built elsewhere", () => {
    vi.stubEnv("LECTERN_INSTANCE", "2");
    expect(json(200, { ok: true }).headers.get("x-served-by")).toBe("2");
    expect(errorResponse(400, "bad").headers.get("x-served-by")).toBe("2");
    expect(withServedBy(new Response("a,b\r\n")).headers.get("x-served-by")).toBe("2");
    // A redirect's headers are immutable: the answer is copied, status and body kept.
    const redirected = withServedBy(Response.redirect("http://localhost/signin", 302));
    expect([redirected.status, redirected.headers.get("location"), redirected.headers.get("x-served-by")]).toEqual([302, "http://localhost/signin", "2"]);
  });

  it("adds nothing when the instance has no name", () => {
    vi.stubEnv("LECTERN_INSTANCE", "");
    expect(json(200, {}).headers.has("x-served-by")).toBe(false);
    expect(withServedBy(new Response("x")).headers.has("x-served-by")).toBe(false);
  });
});
