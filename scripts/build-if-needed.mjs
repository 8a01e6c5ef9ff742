// Builds the site when the sources changed since the last build (a fingerprint of what the
// build reads), so `npm start` and `npm run cluster` start fast the second time.
import { spawnSync } from "node:child_process";
import { createHash } from "node:crypto";
import { existsSync, readdirSync, readFileSync, statSync, writeFileSync } from "node:fs";
import path from "node:path";

export const DIST = process.env.NEXT_DIST_DIR || ".next";
const STAMP = path.join(DIST, "lectern-source-stamp");
const SOURCES = ["app", "components", "lib", "content", "config", "public", "proxy.ts", "instrumentation.ts", "next.config.mjs", "package-lock.json", "tsconfig.json"];
export const NEXT_BIN = path.join("node_modules", "next", "dist", "bin", "next");

/**
 * `next start` as Lectern runs it (npm start, every cluster instance). Idle keep-alive
 * connections stay open 65 s (Node's default is 5 s): longer than a load balancer's or a client's
 * idle reuse (nginx keeps upstream connections 60 s), so nobody sends a request on a connection
 * at the moment the server closes it (ECONNRESET; docs/deploy.md).
 */
export function nextStartArgs(port, host) {
  return [NEXT_BIN, "start", "-p", String(port), "-H", host, "--keepAliveTimeout", "65000"];
}

function sourceStamp() {
  const h = createHash("sha256");
  const walk = (p) => {
    if (!existsSync(p)) return;
    const s = statSync(p);
    if (s.isDirectory()) for (const e of readdirSync(p).sort()) walk(path.join(p, e));
    else h.update(`${p}\0${s.size}\0${s.mtimeMs}\n`);
  };
  SOURCES.forEach(walk);
  h.update(`CONTENT_DIR=${process.env.CONTENT_DIR ?? ""}`);
  return h.digest("hex");
}

const TSX = path.join("node_modules", ".bin", "tsx");

/**
 * The content checker runs before every build: `next build` itself fails on broken front matter
 * and MDX, but only the checker sees dead links, links to drafts and lab scenarios whose claims
 * no longer hold. (Skipped, with a note, where dev dependencies are not installed.)
 */
export function checkContentOrExit() {
  if (!existsSync(TSX)) {
    console.warn("Content check skipped: tsx is not installed (npm ci --omit=dev). Run npm run content:check where it is.");
    return;
  }
  const c = spawnSync(TSX, ["scripts/content-check.ts"], { stdio: "inherit", env: process.env });
  if (c.status !== 0) {
    console.error("\nThe content has problems (listed above as file:line:column), so Lectern was not built.");
    process.exit(c.status ?? 1);
  }
}

export function buildIfNeeded() {
  const stamp = sourceStamp();
  const built = existsSync(path.join(DIST, "BUILD_ID")) && existsSync(STAMP) && readFileSync(STAMP, "utf8") === stamp;
  if (built) return;
  console.log("Building Lectern (first start, or the sources changed)…");
  checkContentOrExit();
  const b = spawnSync(process.execPath, [NEXT_BIN, "build"], { stdio: "inherit", env: { ...process.env, NEXT_TELEMETRY_DISABLED: "1" } });
  if (b.status !== 0) {
    console.error("\nThe build failed: see the messages above (content problems name the file and line).");
    process.exit(b.status ?? 1);
  }
  writeFileSync(STAMP, stamp);
}
