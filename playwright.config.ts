import { existsSync } from "node:fs";
import { defineConfig, devices } from "@playwright/test";
import { e2eDatabaseUrl } from "./tests/e2e/env";

// Debian's Chromium by default (browser downloads are not possible on our machines);
// CHROMIUM_PATH overrides it, and without either Playwright's own browser is used.
const executablePath = process.env.CHROMIUM_PATH || (existsSync("/usr/bin/chromium") ? "/usr/bin/chromium" : undefined);
const port = Number(process.env.E2E_PORT || 3107);
export const baseURL = process.env.E2E_BASE_URL || `http://127.0.0.1:${port}`;

// Tests make their own uniquely named accounts, so the database can outlive a run.

const launchOptions = {
  executablePath,
  args: ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync"],
};

export default defineConfig({
  testDir: "tests/e2e",
  outputDir: `test-results/${port}`,
  fullyParallel: true,
  workers: process.env.CI ? 2 : undefined,
  retries: 0,
  reporter: process.env.CI ? [["list"]] : [["list"]],
  timeout: 30_000,
  expect: { timeout: 7_000 },
  use: { baseURL, trace: "retain-on-failure", launchOptions },
  projects: [
    { name: "desktop", use: { ...devices["Desktop Chrome"], viewport: { width: 1280, height: 800 }, launchOptions } },
    {
      name: "phone",
      // A 360 px wide phone, in Chromium (a real touch device profile).
      use: { ...devices["Galaxy S9+"], viewport: { width: 360, height: 740 }, browserName: "chromium", launchOptions },
      testIgnore: /api\.spec\.ts$|sim-api\.spec\.ts$/,
    },
  ],
  webServer: process.env.E2E_BASE_URL
    ? undefined
    : {
        command: "node scripts/start.mjs",
        url: `${baseURL}/`,
        timeout: 300_000,
        reuseExistingServer: !process.env.CI,
        env: { PORT: String(port), HOST: "127.0.0.1", DATABASE_URL: e2eDatabaseUrl(port), NEXT_TELEMETRY_DISABLED: "1" },
        stdout: "ignore",
        stderr: "pipe",
      },
});
