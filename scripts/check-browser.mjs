#!/usr/bin/env node
// Before the browser tests: find the Chromium that playwright.config.ts will drive, or say in one
// message how to get one (instead of every test failing with "Executable doesn't exist").
import { existsSync } from "node:fs";
import { chromium } from "@playwright/test";

const explicit = process.env.CHROMIUM_PATH;
const candidates = [
  explicit && { path: explicit, what: "CHROMIUM_PATH" },
  { path: "/usr/bin/chromium", what: "Debian's chromium" },
  { path: chromium.executablePath(), what: "Playwright's own Chromium" },
].filter(Boolean);

if (explicit && !existsSync(explicit)) {
  console.error(`CHROMIUM_PATH is set to ${explicit}, but there is no file there. Point it at a Chromium or Chrome binary.`);
  process.exit(1);
}
const found = candidates.find((c) => c.path && existsSync(c.path));
if (!found) {
  console.error(`The browser tests need Chromium, and none was found. Any one of these fixes it:
  - Debian or Ubuntu:   sudo apt-get install chromium      (Lectern then uses /usr/bin/chromium)
  - any Chromium or Chrome build:  CHROMIUM_PATH=/path/to/chromium npm test
Then run npm test again. (The type check, content check and unit tests do not need a browser:
npm run typecheck && npm run content:check && npm run test:unit)`);
  process.exit(1);
}
