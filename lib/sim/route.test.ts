/**
 * The Next route files are thin wiring; check that wiring (secret from getLabJwtSecret, 405s,
 * runtime) with a fixed LAB_JWT_SECRET so nothing touches the local secret file.
 */
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import * as simRoute from "@/app/api/sim/route";
import * as verifyRoute from "@/app/api/jwt/verify/route";
import { createJoseJwt } from "./jwt";
import { SimResultSchema } from "./types";

const SECRET = "route-test-secret-that-is-at-least-32-characters";

beforeAll(() => {
  vi.stubEnv("LAB_JWT_SECRET", SECRET);
});
afterAll(() => {
  vi.unstubAllEnvs();
});

describe("app/api/sim/route.ts and app/api/jwt/verify/route.ts", () => {
  it("OPTIONS -> 204 Allow: POST, OPTIONS", () => {
    for (const route of [simRoute, verifyRoute]) {
      const response = route.OPTIONS();
      expect(response.status).toBe(204);
      expect(response.headers.get("allow")).toBe("POST, OPTIONS");
    }
  });

  it("exports the node runtime and POST", () => {
    expect(simRoute.runtime).toBe("nodejs");
    expect(verifyRoute.runtime).toBe("nodejs");
  });

  it("POST runs the engine and signs with the lab secret", async () => {
    const response = await simRoute.POST(
      new Request("http://localhost/api/sim", {
        method: "POST",
        body: JSON.stringify({ strategy: "jwt", actions: [{ type: "login", user: "alice" }, { type: "request" }] }),
      }),
    );
    expect(response.status).toBe(200);
    const result = SimResultSchema.parse(await response.json());
    const token = result.steps[0]!.state.client.token!;
    const check = await createJoseJwt(new TextEncoder().encode(SECRET)).verify(token, result.steps[1]!.state.clock);
    expect(check.valid).toBe(true);

    const verified = await verifyRoute.POST(
      new Request("http://localhost/api/jwt/verify", { method: "POST", body: JSON.stringify({ token }) }),
    );
    expect(await verified.json()).toMatchObject({ valid: true, reason: "ok" });
  });

  it.each(["GET", "PUT", "PATCH", "DELETE"] as const)("%s -> 405 JSON", async (method) => {
    for (const route of [simRoute, verifyRoute]) {
      const response = route[method](new Request("http://localhost/api/x", { method }));
      expect(response.status).toBe(405);
      expect(response.headers.get("content-type")).toMatch(/^application\/json/);
      expect(response.headers.get("cache-control")).toBe("no-store");
    }
  });
});
