/**
 * `scripts/setup.mjs` (run by npm start, npm run dev and npm run cluster) migrates the database
 * and seeds the demo accounts, whose passwords are published: never for a production setup.
 */
import { spawnSync } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import Database from "better-sqlite3";
import { afterAll, describe, expect, it } from "vitest";

const dir = mkdtempSync(path.join(os.tmpdir(), "lectern-setup-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function setupAndListUsers(name: string, env: Record<string, string>) {
  const file = path.join(dir, `${name}.db`);
  const base = { ...process.env };
  for (const k of ["LECTERN_LOCAL", "LECTERN_ENV", "LECTERN_SEED_DEMO", "NODE_ENV"]) delete base[k];
  const run = spawnSync(process.execPath, ["scripts/setup.mjs"], { env: { ...base, ...env, DATABASE_URL: `file:${file}` }, encoding: "utf8" });
  expect(run.status, run.stderr).toBe(0);
  const db = new Database(file, { readonly: true });
  try {
    return (db.prepare("SELECT email, role FROM User ORDER BY email").all() as { email: string; role: string }[]).map((u) => `${u.role} ${u.email}`);
  } finally {
    db.close();
  }
}

describe("setup's demo accounts", () => {
  it("are created for a local run", { timeout: 120_000 }, () => {
    expect(setupAndListUsers("local", { LECTERN_LOCAL: "1" })).toEqual(["instructor instructor@example.com", "learner learner@example.com"]);
  });
  it("are never created for a production setup (LECTERN_ENV=production, or NODE_ENV=production)", { timeout: 120_000 }, () => {
    expect(setupAndListUsers("production", { LECTERN_ENV: "production" })).toEqual([]);
    expect(setupAndListUsers("node-production", { NODE_ENV: "production" })).toEqual([]);
  });
});
