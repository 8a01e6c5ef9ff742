// `npm run cluster`: build once, start N instances (default 3) and a real load balancer in
// front (HAProxy, or nginx with LECTERN_LB=nginx), round-robin with health checks.
// Ctrl-C stops everything. Each instance answers with `x-served-by: <n>` and the site shows
// "Served by instance n". Use PostgreSQL (DATABASE_URL=postgresql://...) past one machine;
// on one machine the instances may share the SQLite file.
import { spawn, spawnSync } from "node:child_process";
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { buildIfNeeded, nextStartArgs } from "./build-if-needed.mjs";
import { setup } from "./setup.mjs";

const port = Number(process.env.PORT || 3000);
const count = Number(process.env.INSTANCES || 3);
const basePort = Number(process.env.INSTANCE_BASE_PORT || port + 1);
const lb = process.env.LECTERN_LB || "haproxy";
const dir = path.resolve("data", `cluster-${port}`);
mkdirSync(dir, { recursive: true });
process.env.NEXT_TELEMETRY_DISABLED = "1";
if (process.env.LECTERN_ENV !== "production") process.env.LECTERN_LOCAL = "1";

const lbBin = lb === "nginx" ? "/usr/sbin/nginx" : "/usr/sbin/haproxy";
const which = spawnSync("sh", ["-c", `command -v ${lb} || ls ${lbBin}`], { encoding: "utf8" });
if (which.status !== 0) {
  console.error(`${lb} is not installed. On Debian/Ubuntu: sudo apt-get install -y ${lb}  (or LECTERN_LB=${lb === "nginx" ? "haproxy" : "nginx"})`);
  process.exit(1);
}
const lbPath = which.stdout.trim().split("\n")[0];

setup();
buildIfNeeded();

const children = new Set();
let stopping = false;
function stopAll(code = 0) {
  if (stopping) return;
  stopping = true;
  for (const c of children) c.kill("SIGTERM");
  setTimeout(() => {
    for (const c of children) c.kill("SIGKILL");
    process.exit(code);
  }, 3000).unref();
  if ([...children].every((c) => c.exitCode !== null)) process.exit(code);
}
process.on("SIGINT", () => stopAll(0));
process.on("SIGTERM", () => stopAll(0));

/** Starts (or restarts) instance n. Exported through a control file for the cluster test. */
function startInstance(n) {
  const child = spawn(process.execPath, nextStartArgs(basePort + n - 1, "127.0.0.1"), {
    env: { ...process.env, LECTERN_INSTANCE: String(n), PORT: String(basePort + n - 1) },
    stdio: ["ignore", "ignore", "inherit"],
  });
  children.add(child);
  writeFileSync(path.join(dir, `instance-${n}.pid`), String(child.pid));
  child.on("exit", () => children.delete(child));
  return child;
}
for (let n = 1; n <= count; n++) startInstance(n);

const servers = Array.from({ length: count }, (_, i) =>
  lb === "nginx"
    ? `        server 127.0.0.1:${basePort + i} max_fails=1 fail_timeout=2s;`
    : `    server i${i + 1} 127.0.0.1:${basePort + i} check`,
).join("\n");
const template = readFileSync(path.join("deploy", lb === "nginx" ? "nginx.conf.template" : "haproxy.cfg.template"), "utf8");
const instanceMap = Array.from({ length: count }, (_, i) => `        "~(^|, )127\\.0\\.0\\.1:${basePort + i}$" ${i + 1};`).join("\n");
const cfg = template
  .replaceAll("{{PORT}}", String(port))
  .replaceAll("{{SERVERS}}", servers)
  .replaceAll("{{INSTANCE_MAP}}", instanceMap)
  .replaceAll("{{DIR}}", dir);
const cfgFile = path.join(dir, lb === "nginx" ? "nginx.conf" : "haproxy.cfg");
writeFileSync(cfgFile, cfg);

// Wait for the instances before opening the front door.
async function waitFor(url) {
  for (let i = 0; i < 120; i++) {
    try {
      if ((await fetch(url)).ok) return true;
    } catch {}
    await new Promise((r) => setTimeout(r, 500));
  }
  return false;
}
for (let n = 1; n <= count; n++) {
  if (!(await waitFor(`http://127.0.0.1:${basePort + n - 1}/api/health`))) {
    console.error(`instance ${n} did not start`);
    stopAll(1);
  }
}
const lbChild =
  lb === "nginx"
    ? spawn(lbPath, ["-c", cfgFile, "-p", dir, "-g", "daemon off;"], { stdio: ["ignore", "ignore", "inherit"] })
    : spawn(lbPath, ["-f", cfgFile, "-db"], { stdio: ["ignore", "ignore", "inherit"] });
children.add(lbChild);
lbChild.on("exit", (code) => {
  children.delete(lbChild);
  if (!stopping) {
    console.error(`${lb} stopped (exit ${code})`);
    stopAll(1);
  }
});
await waitFor(`http://127.0.0.1:${port}/api/health`);
writeFileSync(path.join(dir, "ready"), new Date().toISOString());
console.log(`\n  Lectern cluster: ${count} instances behind ${lb} at http://localhost:${port}`);
console.log(`  instances on ports ${basePort}-${basePort + count - 1}; watch the "Served by instance N" badge. Ctrl-C stops everything.\n`);

// The cluster test restarts a killed instance by writing its number to data/cluster-<port>/restart.
setInterval(() => {
  const f = path.join(dir, "restart");
  if (!existsSync(f)) return;
  const n = Number(readFileSync(f, "utf8").trim());
  writeFileSync(f + ".done", String(n));
  spawnSync("rm", ["-f", f]);
  if (n >= 1 && n <= count) startInstance(n);
}, 300).unref?.();
