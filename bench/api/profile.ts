/**
 * In-process cost of one POST /api/sim request for the brief's 8-action scenario, without HTTP,
 * split into its parts, next to what the empty `/api/health` handler does. Used to tell how much
 * of the HTTP figures in README.md is ours (body parsing, zod, engine, JWT, JSON) and how much is
 * the framework's.
 *
 *   npx tsx bench/api/profile.ts            # BENCH_ITER (per batch, 2000) and BENCH_BATCHES (7)
 *
 * Every figure is the median of BENCH_BATCHES batches of BENCH_ITER sequential calls, after one
 * warm-up batch: wall µs per call and process CPU µs per call (process.cpuUsage, so it includes the
 * libuv thread pool where Web Crypto's HMAC runs). "x20" rows keep 20 calls in flight, like 20
 * connections do.
 */
import { createHmac, timingSafeEqual } from "node:crypto";
import { json } from "../../lib/http/api";
import { handleSimPost } from "../../lib/sim/api";
import { runSim, runSimSync } from "../../lib/sim/engine";
import { createJoseJwt, type LabJwt } from "../../lib/sim/jwt";
import { SimInputSchema } from "../../lib/sim/types";
import { BENCH_SECRET_TEXT } from "./raw-server";

const ITER = Number(process.env.BENCH_ITER ?? 2000);
const BATCHES = Number(process.env.BENCH_BATCHES ?? 7);
const SECRET = new TextEncoder().encode(BENCH_SECRET_TEXT);
const deps = { getSecret: () => SECRET };
const STRATEGIES = ["memory", "sticky", "store", "jwt"] as const;
const ACTIONS = [
  { type: "login", user: "alice" },
  { type: "request" },
  { type: "request" },
  { type: "request" },
  { type: "request" },
  { type: "kill", server: "S1" },
  { type: "request" },
  { type: "request" },
] as const;
const input = (strategy: (typeof STRATEGIES)[number]) => ({ strategy, servers: 3, actions: [...ACTIONS] });
const body = (strategy: (typeof STRATEGIES)[number]) => JSON.stringify(input(strategy));

/**
 * NOT the app's codec: a minimal HS256 signer/verifier on node:crypto's synchronous HMAC, only to
 * estimate what the jwt lane would cost without Web Crypto. It mints the same bytes as jose (same
 * header and claim order) and handles the valid/expired/bad-signature cases this scenario needs;
 * main() checks that runSim gives byte-identical JSON with it.
 */
function createNodeHmacEstimate(secret: Uint8Array): LabJwt {
  const key = Buffer.from(secret);
  const header = Buffer.from(JSON.stringify({ alg: "HS256", typ: "JWT" })).toString("base64url");
  const mac = (input: string) => createHmac("sha256", key).update(input).digest();
  return {
    async sign(c) {
      const body = `${header}.${Buffer.from(JSON.stringify({ sub: c.sub, name: c.name, iat: c.iat, exp: c.exp })).toString("base64url")}`;
      return `${body}.${mac(body).toString("base64url")}`;
    },
    async verify(token, now) {
      const [h, p, sig] = token.split(".");
      const headerObj = JSON.parse(Buffer.from(h ?? "", "base64url").toString()) as Record<string, unknown>;
      const payload = JSON.parse(Buffer.from(p ?? "", "base64url").toString()) as Record<string, unknown>;
      const given = Buffer.from(sig ?? "", "base64url");
      const expected = mac(`${h}.${p}`);
      if (given.length !== expected.length || !timingSafeEqual(given, expected)) return { valid: false, reason: "bad-signature", header: headerObj, payload };
      if (typeof payload.exp === "number" && payload.exp <= now) return { valid: false, reason: "expired", header: headerObj, payload };
      return { valid: true, reason: "ok", header: headerObj, payload };
    },
  };
}

function median(values: number[]): number {
  const s = [...values].sort((a, b) => a - b);
  const mid = Math.floor(s.length / 2);
  return s.length % 2 ? s[mid]! : (s[mid - 1]! + s[mid]!) / 2;
}

async function measure(label: string, fn: () => unknown, inFlight = 1): Promise<{ wall: number; cpu: number }> {
  const batch = async () => {
    const cpu0 = process.cpuUsage();
    const t0 = performance.now();
    if (inFlight === 1) {
      for (let i = 0; i < ITER; i++) await fn();
    } else {
      let next = 0;
      const worker = async () => {
        while (next++ < ITER) await fn();
      };
      await Promise.all(Array.from({ length: inFlight }, worker));
    }
    const wall = ((performance.now() - t0) * 1000) / ITER;
    const c = process.cpuUsage(cpu0);
    return { wall, cpu: (c.user + c.system) / ITER };
  };
  await batch();
  const runs: { wall: number; cpu: number }[] = [];
  for (let b = 0; b < BATCHES; b++) runs.push(await batch());
  const r = { wall: median(runs.map((x) => x.wall)), cpu: median(runs.map((x) => x.cpu)) };
  console.log(`${label.padEnd(58)} ${r.wall.toFixed(1).padStart(8)} µs wall ${r.cpu.toFixed(1).padStart(8)} µs CPU`);
  return r;
}

async function main(): Promise<void> {
  console.log(`node ${process.version}, ${BATCHES} batches x ${ITER} calls (median), the brief's 8-action scenario, 3 servers\n`);

  console.log("The floor (what GET /api/health runs):");
  await measure("  json(200, {ok:true}) + read the body", async () => (await json(200, { ok: true }).text()).length);

  console.log("\nPOST /api/sim minus HTTP (new Request + handleSimPost + read the body):");
  for (const s of STRATEGIES) {
    const b = body(s);
    await measure(`  handleSimPost ${s}`, async () => {
      const res = await handleSimPost(new Request("http://bench/api/sim", { method: "POST", body: b }), deps);
      return (await res.text()).length;
    });
  }
  const jb = body("jwt");
  await measure(
    "  handleSimPost jwt, 20 in flight",
    async () => (await (await handleSimPost(new Request("http://bench/api/sim", { method: "POST", body: jb }), deps)).text()).length,
    20,
  );
  const mb = body("memory");
  await measure(
    "  handleSimPost memory, 20 in flight",
    async () => (await (await handleSimPost(new Request("http://bench/api/sim", { method: "POST", body: mb }), deps)).text()).length,
    20,
  );

  console.log("\nThe parts:");
  const text = body("memory");
  await measure("  JSON.parse + SimInputSchema.safeParse (memory body)", () => SimInputSchema.safeParse(JSON.parse(text)).success);
  for (const s of STRATEGIES) {
    await measure(`  runSim ${s} (jose codec, what the API runs)`, () => runSim(input(s), createJoseJwt(SECRET)));
  }
  for (const s of STRATEGIES) {
    await measure(`  runSimSync ${s} (replay codec, no crypto)`, () => runSimSync(input(s)));
  }
  const shared = createJoseJwt(SECRET);
  await measure("  runSim jwt, one codec reused (CryptoKey imported once)", () => runSim(input("jwt"), shared));
  const viaJose = JSON.stringify(await runSim(input("jwt"), createJoseJwt(SECRET)));
  const viaNode = JSON.stringify(await runSim(input("jwt"), createNodeHmacEstimate(SECRET)));
  if (viaJose !== viaNode) throw new Error("the node:crypto estimate does not reproduce the jose run");
  await measure("  runSim jwt, node:crypto HMAC estimate (same JSON, not the app's)", () => runSim(input("jwt"), createNodeHmacEstimate(SECRET)));
  const result = await runSim(input("jwt"), createJoseJwt(SECRET));
  await measure(`  JSON.stringify(result jwt, ${JSON.stringify(result).length} B)`, () => JSON.stringify(result).length);
  const jwt = createJoseJwt(SECRET);
  const claims = { sub: "u-alice", name: "alice", iat: 1767225601, exp: 1767226501 };
  const token = await jwt.sign(claims);
  await measure("  jose sign (key already imported)", () => jwt.sign(claims));
  await measure("  jose verify (key already imported)", () => jwt.verify(token, 1767225602));
  await measure("  createJoseJwt + importKey + sign (first use per request)", () => createJoseJwt(SECRET).sign(claims));
  const signingInput = token.slice(0, token.lastIndexOf("."));
  await measure("  for reference: node:crypto createHmac HS256 (sync)", () => createHmac("sha256", SECRET).update(signingInput).digest("base64url"));
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
