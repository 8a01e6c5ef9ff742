import { spawn, type ChildProcess } from "node:child_process";
import { expect, test, type APIResponse, type Page } from "@playwright/test";
import { e2eDatabaseUrl } from "./env";
import { createUser, signIn, type TestUser } from "./fixtures";
import { sitePages } from "./site-pages";

/**
 * Issue 10, headers, cookies and tokens: read from real responses of the production build.
 * docs/security.md lists what each header promises.
 */

const { pages } = sitePages();
const STATIC_PAGES = pages.map((p) => p.url);
const DYNAMIC_PAGES = ["/signin", "/signup", "/join", "/no-such-page-here"];

function directives(policy: string | undefined): Map<string, string[]> {
  const map = new Map<string, string[]>();
  for (const part of (policy ?? "").split(";")) {
    const [name, ...values] = part.trim().split(/\s+/);
    if (name) map.set(name, values);
  }
  return map;
}

function expectStrictPolicy(res: APIResponse, url: string) {
  const policy = res.headers()["content-security-policy"];
  expect(policy, `CSP on ${url}`).toBeTruthy();
  const d = directives(policy);
  const script = d.get("script-src") ?? [];
  expect(script, `script-src on ${url}`).toContain("'self'");
  expect(script, `script-src on ${url}`).not.toContain("'unsafe-inline'");
  expect(script, `script-src on ${url}`).not.toContain("'unsafe-eval'");
  expect(script.some((s) => s === "*" || s.startsWith("http") || s === "data:"), `script-src on ${url} allows no other origin`).toBe(false);
  expect(d.get("default-src")).toEqual(["'self'"]);
  expect(d.get("object-src")).toEqual(["'none'"]);
  expect(d.get("base-uri")).toEqual(["'self'"]);
  expect(d.get("frame-ancestors")).toEqual(["'none'"]);
  expect(res.headers()["x-frame-options"]).toBe("DENY");
  return script;
}

function expectCommonHeaders(res: APIResponse, url: string) {
  const h = res.headers();
  expect(h["x-content-type-options"], url).toBe("nosniff");
  expect(h["referrer-policy"], url).toBe("strict-origin-when-cross-origin");
  expect(h["x-powered-by"], url).toBeUndefined();
}

test.describe("security headers", () => {
  test.beforeEach(({}, info) => test.skip(info.project.name === "phone", "headers do not depend on the screen"));

  test("every page sends a CSP without unsafe-inline or eval, frame-ancestors 'none', nosniff and a strict referrer policy", async ({ request }) => {
    for (const url of [...STATIC_PAGES, ...DYNAMIC_PAGES, "/account", "/dashboard"]) {
      const res = await request.get(url, { maxRedirects: 0 });
      expect(res.status(), url).toBeLessThan(500);
      expectStrictPolicy(res, url);
      expectCommonHeaders(res, url);
    }
    for (const url of ["/api/health", "/api/account/me"]) {
      const res = await request.get(url);
      expectCommonHeaders(res, url);
    }
    // Scripts and styles themselves are sent with nosniff too.
    const html = await (await request.get("/")).text();
    const asset = html.match(/src="(\/_next\/static\/[^"]+\.js)"/)?.[1];
    expect(asset).toBeTruthy();
    expectCommonHeaders(await request.get(asset!), asset!);
  });

  test("prerendered pages are allowed by hashes, the same on every request (a CDN may cache them); rendered pages get a fresh nonce on every script", async ({ request }) => {
    for (const url of STATIC_PAGES) {
      const a = await request.get(url);
      const b = await request.get(url);
      const script = expectStrictPolicy(a, url);
      expect(a.headers()["content-security-policy"], url).toBe(b.headers()["content-security-policy"]);
      expect(script.some((s) => s.startsWith("'nonce-")), url).toBe(false);
      expect(script.some((s) => s.startsWith("'sha256-")), url).toBe(true);
    }
    for (const url of ["/signin", "/join"]) {
      const a = await request.get(url);
      const b = await request.get(url);
      const nonceOf = (res: APIResponse) => (expectStrictPolicy(res, url).find((s) => s.startsWith("'nonce-")) ?? "").slice(7, -1);
      const [na, nb] = [nonceOf(a), nonceOf(b)];
      expect(na.length, url).toBeGreaterThanOrEqual(16);
      expect(na, `${url}: a new nonce per request`).not.toBe(nb);
      // Every script Next rendered carries this request's nonce (the theme script is allowed by its hash).
      const tags = [...(await a.text()).matchAll(/<script\b[^>]*>/g)].map((m) => m[0]);
      expect(tags.length).toBeGreaterThan(3);
      const withoutNonce = tags.filter((t) => !t.includes(`nonce="${na}"`));
      expect(withoutNonce, `${url}: scripts without the nonce`).toHaveLength(1);
    }
  });
});

/** Collects CSP violations the browser reports while the page runs. */
async function watchViolations(page: Page) {
  await page.addInitScript(() => {
    (window as unknown as { __violations: string[] }).__violations = [];
    document.addEventListener("securitypolicyviolation", (e) =>
      (window as unknown as { __violations: string[] }).__violations.push(`${e.violatedDirective} ${e.blockedURI} ${e.sample}`),
    );
  });
  return () => page.evaluate(() => (window as unknown as { __violations: string[] }).__violations);
}

test("pages run under the policy: no violation while they load and hydrate, and an injected inline script is blocked", async ({ page, request }) => {
  const violations = await watchViolations(page);
  for (const url of [...STATIC_PAGES, "/signin", "/no-such-page-here"]) {
    await page.goto(url);
    await page.waitForLoadState("networkidle");
    expect(await violations(), `CSP violations on ${url}`).toEqual([]);
  }
  // Signed in, the rendered pages run under their nonce (sign-in itself posts through next-auth).
  await signIn(page, await createUser(request, "Csp Reader"), "/account");
  for (const url of ["/account", "/join", "/learn/scaling-web-apps"]) {
    await page.goto(url);
    await page.waitForLoadState("networkidle");
    expect(await violations(), `CSP violations on ${url}, signed in`).toEqual([]);
  }
  // The page is hydrated (client code runs): the theme toggle works.
  await page.goto("/");
  await page.getByRole("button", { name: /theme|dark|light/i }).first().click();
  await expect(page.locator("html")).toHaveAttribute("data-theme", /dark|light/);
  // What an XSS would try: an inline script added to the page does not run.
  const ran = await page.evaluate(async () => {
    const s = document.createElement("script");
    s.textContent = "window.__pwned = true";
    document.body.append(s);
    await new Promise((r) => setTimeout(r, 50));
    return (window as unknown as { __pwned?: boolean }).__pwned === true;
  });
  expect(ran).toBe(false);
  expect((await violations()).some((v) => v.startsWith("script-src"))).toBe(true);
});

test.describe("cookies and tokens", () => {
  test.beforeEach(({}, info) => test.skip(info.project.name === "phone", "cookies do not depend on the screen"));

  test("locally the session cookie is HttpOnly and SameSite=Lax; a tampered or forged session cookie is refused", async ({ page, request }) => {
    const user = await createUser(request);
    await signIn(page, user, "/account");
    const cookies = await page.context().cookies();
    const session = cookies.find((c) => c.name === "lectern.session");
    expect(session).toBeTruthy();
    expect(session!.httpOnly).toBe(true);
    expect(session!.sameSite).toBe("Lax");
    expect(session!.path).toBe("/");
    for (const c of cookies.filter((c) => c.name.includes("next-auth") || c.name.includes("lectern"))) expect(c.httpOnly, c.name).toBe(true);

    const me = (cookie: string) => page.request.fetch("/api/account/me", { headers: { cookie: `lectern.session=${cookie}` } });
    expect((await me(session!.value)).status()).toBe(200);
    // Flip one character in the middle of the encrypted token.
    const v = session!.value;
    const i = Math.floor(v.length / 2);
    const tampered = v.slice(0, i) + (v[i] === "A" ? "B" : "A") + v.slice(i + 1);
    expect((await me(tampered)).status()).toBe(401);
    // An unsigned token claiming to be the user (alg: none) is not a session.
    const b64 = (o: object) => Buffer.from(JSON.stringify(o)).toString("base64url");
    const forged = `${b64({ alg: "none", typ: "JWT" })}.${b64({ sub: "someone", sid: "x", exp: 9_999_999_999 })}.`;
    expect((await me(forged)).status()).toBe(401);
    expect((await me("")).status()).toBe(401);
  });

  test("in production: HSTS; every auth cookie __Host-/__Secure- prefixed, Secure, HttpOnly, SameSite=Lax; no secret, password or token in the logs or error answers", async ({ request }, info) => {
    test.skip(!!process.env.E2E_BASE_URL, "needs the local build");
    test.setTimeout(90_000);
    const user: TestUser = await createUser(request, "Prod Cookie");
    const port = 3290 + info.parallelIndex;
    const origin = `http://127.0.0.1:${port}`;
    const AUTH_SECRET = "a-production-secret-for-the-cookie-test-0123456789";
    const server: ChildProcess = spawn(process.execPath, ["node_modules/next/dist/bin/next", "start", "-p", String(port), "-H", "127.0.0.1"], {
      env: {
        ...process.env,
        NODE_ENV: "production",
        LECTERN_LOCAL: "",
        AUTH_SECRET,
        DATABASE_URL: e2eDatabaseUrl(new URL(info.project.use.baseURL ?? "http://x:3107").port),
      },
      stdio: ["ignore", "pipe", "pipe"],
    });
    let logs = "";
    server.stdout!.on("data", (d) => (logs += d));
    server.stderr!.on("data", (d) => (logs += d));
    try {
      let up = false;
      for (let i = 0; i < 120 && !up; i++) {
        up = await fetch(`${origin}/api/health`).then((r) => r.ok, () => false);
        if (!up) await new Promise((r) => setTimeout(r, 250));
      }
      expect(up, "production instance started").toBe(true);

      const page = await fetch(`${origin}/`);
      expect(page.headers.get("strict-transport-security")).toMatch(/max-age=\d{8,}; includeSubDomains/);

      const csrf = await fetch(`${origin}/api/auth/csrf`);
      const csrfCookies = csrf.headers.getSetCookie();
      const { csrfToken } = (await csrf.json()) as { csrfToken: string };
      const jar = csrfCookies.map((c) => c.split(";")[0]).join("; ");
      const signin = await fetch(`${origin}/api/auth/callback/credentials`, {
        method: "POST",
        redirect: "manual",
        headers: { "content-type": "application/x-www-form-urlencoded", cookie: jar, origin },
        body: new URLSearchParams({ csrfToken, email: user.email, password: user.password, json: "true" }),
      });
      const all = [...csrfCookies, ...signin.headers.getSetCookie()];
      const session = all.find((c) => c.startsWith("__Host-lectern.session="));
      expect(session, `session cookie among ${all.map((c) => c.split("=")[0]).join(", ")}`).toBeTruthy();
      for (const cookie of all) {
        const [nameValue, ...attrs] = cookie.split(";").map((s) => s.trim());
        const name = nameValue!.split("=")[0]!;
        const lower = attrs.map((a) => a.toLowerCase());
        expect(name, cookie).toMatch(/^__(Host|Secure)-/);
        expect(lower, `${name} Secure`).toContain("secure");
        expect(lower, `${name} HttpOnly`).toContain("httponly");
        expect(lower, `${name} SameSite`).toContain("samesite=lax");
        if (name.startsWith("__Host-")) {
          expect(lower, `${name} Path=/`).toContain("path=/");
          expect(lower.some((a) => a.startsWith("domain=")), `${name} has no Domain`).toBe(false);
        }
      }

      // Secrets and logs: a failed sign-in, a sign-up with a bad body, broken JSON, a forged
      // cookie. None of the secret values may appear in the server's output or in an answer.
      const wrongPassword = "wrong-password-Zq81-do-not-log";
      const sessionValue = session!.split(";")[0]!.split("=").slice(1).join("=");
      const answers: string[] = [];
      const csrf2 = await fetch(`${origin}/api/auth/csrf`);
      const jar2 = csrf2.headers.getSetCookie().map((c) => c.split(";")[0]).join("; ");
      const { csrfToken: csrf2Token } = (await csrf2.json()) as { csrfToken: string };
      const failed = await fetch(`${origin}/api/auth/callback/credentials`, {
        method: "POST",
        redirect: "manual",
        headers: { "content-type": "application/x-www-form-urlencoded", cookie: jar2, origin },
        body: new URLSearchParams({ csrfToken: csrf2Token, email: user.email, password: wrongPassword, json: "true" }),
      });
      answers.push(await failed.text(), failed.headers.get("location") ?? "");
      for (const [path, body] of [
        ["/api/auth/signup", JSON.stringify({ name: "X", email: "not-an-email", password: wrongPassword })],
        ["/api/sim", "{not json"],
        ["/api/quiz/statelessness/answer", JSON.stringify({ questionId: 1, choiceIds: [wrongPassword] })],
      ] as const) {
        const res = await fetch(`${origin}${path}`, { method: "POST", headers: { "content-type": "application/json", origin, cookie: `__Host-lectern.session=${sessionValue}x` }, body });
        expect(res.status, path).toBeGreaterThanOrEqual(400);
        expect(res.status, path).toBeLessThan(500);
        answers.push(await res.text());
      }
      await new Promise((r) => setTimeout(r, 300));
      for (const secret of [AUTH_SECRET, user.password, wrongPassword, sessionValue, csrfToken, csrf2Token]) {
        expect(logs.includes(secret), `server output contains a secret (${secret.slice(0, 6)}…)`).toBe(false);
        for (const a of answers) expect(a.includes(secret), "an answer echoes a secret").toBe(false);
      }
      for (const a of answers) expect(a, "no stack trace in an answer").not.toMatch(/\bat .+:\d+:\d+|node_modules|webpack|turbopack/);
    } finally {
      server.kill("SIGKILL");
    }
  });
});
