import { spawnSync } from "node:child_process";
import { randomUUID } from "node:crypto";
import { expect, type APIRequestContext, type Page, type TestInfo } from "@playwright/test";
import { e2eDatabaseUrl } from "./env";

export interface TestUser {
  name: string;
  email: string;
  password: string;
}

/** A fresh learner account, made through the public sign-up API. */
export async function createUser(request: APIRequestContext, name = "Test Learner"): Promise<TestUser> {
  const user = { name, email: `learner-${randomUUID()}@example.test`, password: "a-long-password-1" };
  const res = await request.post("/api/auth/signup", { data: user });
  expect(res.status(), await res.text()).toBe(201);
  return user;
}

/** Signs a request context in through next-auth's credentials endpoint (no page needed); checks the session. */
export async function signInApi(request: APIRequestContext, user: TestUser) {
  const { csrfToken } = (await (await request.get("/api/auth/csrf")).json()) as { csrfToken: string };
  const res = await request.post("/api/auth/callback/credentials", { form: { csrfToken, email: user.email, password: user.password, json: "true" } });
  expect(res.status()).toBeLessThan(400);
  const session = (await (await request.get("/api/auth/session")).json()) as { user?: { email?: string } };
  expect(session.user?.email).toBe(user.email);
}

/** Signs in through the real sign-in form, and waits until the header shows the user. */
export async function signIn(page: Page, user: TestUser, callbackUrl = "/") {
  await page.goto(`/signin?callbackUrl=${encodeURIComponent(callbackUrl)}`);
  await page.getByLabel("Email").fill(user.email);
  await page.getByLabel("Password").fill(user.password);
  await page.getByRole("button", { name: "Sign in" }).click();
  // scrypt is deliberately slow; on a loaded 2-core machine sign-in can take a few seconds.
  await expect(page).toHaveURL(new RegExp(`${callbackUrl.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}$`), { timeout: 20_000 });
  await expect(page.locator(".user-menu summary")).toContainText(user.name, { timeout: 10_000 });
}

export const QUIZ_CHAPTER = "/learn/scaling-web-apps/statelessness/check-your-understanding";
export const MODULE = "/learn/scaling-web-apps/statelessness";

/** An instructor or admin, made with the same command an operator uses (npm run user:create). */
export function makeStaff(info: TestInfo, role: "instructor" | "admin", name = "Ines Instructor"): TestUser {
  const user = { name, email: `${role}-${randomUUID()}@example.test`, password: "teach-password-1" };
  const dbUrl = e2eDatabaseUrl(new URL(info.project.use.baseURL ?? "http://x:3107").port);
  const made = spawnSync(process.execPath, ["--import", "tsx", "scripts/user-create.ts", "--email", user.email, "--name", user.name, "--role", role, "--password", user.password], {
    env: { ...process.env, DATABASE_URL: dbUrl },
    encoding: "utf8",
  });
  expect(made.status, made.stderr).toBe(0);
  return user;
}
