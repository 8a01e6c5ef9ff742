// `npm start`: prepare the database, build when the sources changed, serve, print the URL.
import { spawn, spawnSync } from "node:child_process";
import { createHash } from "node:crypto";
import { existsSync, readdirSync, readFileSync, statSync, writeFileSync } from "node:fs";
import path from "node:path";
import { setup } from "./setup.mjs";

process.env.NEXT_TELEMETRY_DISABLED = "1";
// `npm start` is the local default: a generated secret is fine. A deployment sets LECTERN_ENV=production
// (or runs `next start` itself) and must then provide AUTH_SECRET.
if (process.env.LECTERN_ENV !== "production") process.env.LECTERN_LOCAL = "1";
const port = process.env.PORT || "3000";
const host = process.env.HOST || "0.0.0.0";
const DIST = process.env.NEXT_DIST_DIR || ".next";
const STAMP = path.join(DIST, "lectern-source-stamp");
const SOURCES = ["app", "components", "lib", "content", "config", "public", "next.config.mjs", "package-lock.json", "tsconfig.json"];

/** A fingerprint of everything the build reads, so `npm start` rebuilds only when needed. */
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

try {
  setup();
} catch (e) {
  console.error(`\nLectern could not prepare its database: ${e.message}`);
  process.exit(1);
}

const stamp = sourceStamp();
const built = existsSync(path.join(DIST, "BUILD_ID")) && existsSync(STAMP) && readFileSync(STAMP, "utf8") === stamp;
if (!built) {
  console.log("Building Lectern (first start, or the sources changed)…");
  const b = spawnSync(process.execPath, [path.join("node_modules", "next", "dist", "bin", "next"), "build"], { stdio: "inherit" });
  if (b.status !== 0) {
    console.error("\nThe build failed: see the messages above (content problems name the file and line).");
    process.exit(b.status ?? 1);
  }
  writeFileSync(STAMP, stamp);
}

const child = spawn(process.execPath, [path.join("node_modules", "next", "dist", "bin", "next"), "start", "-p", port, "-H", host], {
  stdio: ["inherit", "pipe", "inherit"],
});
let announced = false;
child.stdout.on("data", (chunk) => {
  const text = chunk.toString();
  process.stdout.write(text);
  if (!announced && /ready|started server|Local:/i.test(text)) {
    announced = true;
    console.log(`\n  Lectern is running at http://localhost:${port}\n`);
    console.log("  Demo logins (local only): learner@example.com / learn-lectern-1, instructor@example.com / teach-lectern-1\n");
  }
});
for (const sig of ["SIGINT", "SIGTERM"]) process.on(sig, () => child.kill(sig));
child.on("exit", (code) => process.exit(code ?? 0));
