/**
 * The "limit" for bench/api/run.ts: POST /api/sim without the framework.
 *
 *   npx tsx bench/api/raw-server.ts            # listens on 127.0.0.1:3301 (BENCH_RAW_PORT to change)
 *
 * A bare `node:http` server that does what `handleSimPost` does, minus Next and minus the Web
 * `Request`/`Response` objects: read the body (64 KB cap), JSON.parse, `SimInputSchema` (the same zod
 * schema), `runSim` with `createJoseJwt` and a fixed 32-byte secret, `JSON.stringify`, the same
 * headers. Routes:
 *
 *   POST /sim      the above, node:http all the way (the pure engine + zod cost)
 *   POST /sim-web  the same request converted to a Web `Request`, answered by the real
 *                  `handleSimPost`, its `Response` copied back (adds the Fetch-API objects but
 *                  still no framework)
 *   GET  /health   `{"ok":true}` (the raw floor)
 *
 * Bad input gets a bare 400 (the benchmark only sends valid bodies; run.ts checks every answer is 200).
 * Bound to loopback only.
 */
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import { handleSimPost, MAX_BODY_BYTES } from "../../lib/sim/api";
import { runSim } from "../../lib/sim/engine";
import { createJoseJwt } from "../../lib/sim/jwt";
import { SimInputSchema } from "../../lib/sim/types";

/** 40 ASCII bytes: the same value run.ts passes to `next start` as LAB_JWT_SECRET, so both answer byte-identical JSON. */
export const BENCH_SECRET_TEXT = "bench-secret-bench-secret-bench-secret!!";
const SECRET = new TextEncoder().encode(BENCH_SECRET_TEXT);
const deps = { getSecret: () => SECRET };

const HEADERS = {
  "content-type": "application/json; charset=utf-8",
  "cache-control": "no-store",
  "x-content-type-options": "nosniff",
} as const;

function send(res: ServerResponse, status: number, body: string): void {
  res.writeHead(status, { ...HEADERS, "content-length": Buffer.byteLength(body) });
  res.end(body);
}

function readBody(req: IncomingMessage): Promise<Buffer | null> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let total = 0;
    req.on("data", (chunk: Buffer) => {
      total += chunk.byteLength;
      if (total > MAX_BODY_BYTES) {
        resolve(null);
        req.destroy();
        return;
      }
      chunks.push(chunk);
    });
    req.on("end", () => resolve(Buffer.concat(chunks, total)));
    req.on("error", reject);
  });
}

async function rawSim(req: IncomingMessage, res: ServerResponse): Promise<void> {
  const body = await readBody(req);
  if (body === null) return send(res, 413, '{"error":"too large","issues":[]}');
  let value: unknown;
  try {
    value = JSON.parse(new TextDecoder("utf-8", { fatal: true }).decode(body));
  } catch {
    return send(res, 400, '{"error":"bad json","issues":[]}');
  }
  const parsed = SimInputSchema.safeParse(value);
  if (!parsed.success) return send(res, 400, '{"error":"invalid","issues":[]}');
  send(res, 200, JSON.stringify(await runSim(parsed.data, createJoseJwt(SECRET))));
}

async function webSim(req: IncomingMessage, res: ServerResponse): Promise<void> {
  const body = await readBody(req);
  if (body === null) return send(res, 413, '{"error":"too large","issues":[]}');
  const headers = new Headers();
  for (const [k, v] of Object.entries(req.headers)) if (typeof v === "string") headers.set(k, v);
  const request = new Request(`http://127.0.0.1${req.url ?? "/"}`, { method: "POST", headers, body: new Uint8Array(body) });
  const response = await handleSimPost(request, deps);
  const out = Buffer.from(await response.arrayBuffer());
  const outHeaders: Record<string, string> = { "content-length": String(out.byteLength) };
  response.headers.forEach((v, k) => (outHeaders[k] = v));
  res.writeHead(response.status, outHeaders);
  res.end(out);
}

export function startRawServer(port: number, host = "127.0.0.1"): Promise<ReturnType<typeof createServer>> {
  const server = createServer((req, res) => {
    const done = (p: Promise<void>) =>
      p.catch(() => {
        if (!res.headersSent) send(res, 500, '{"error":"internal","issues":[]}');
        else res.destroy();
      });
    if (req.method === "POST" && req.url === "/sim") return void done(rawSim(req, res));
    if (req.method === "POST" && req.url === "/sim-web") return void done(webSim(req, res));
    if (req.method === "GET" && req.url === "/health") return send(res, 200, '{"ok":true}');
    send(res, 404, '{"error":"not found","issues":[]}');
  });
  server.keepAliveTimeout = 65_000;
  return new Promise((resolve, reject) => {
    server.once("error", reject);
    server.listen(port, host, () => resolve(server));
  });
}

const isMain = process.argv[1] !== undefined && /raw-server\.[cm]?[jt]s$/.test(process.argv[1]);
if (isMain) {
  const port = Number(process.env.BENCH_RAW_PORT ?? 3301);
  startRawServer(port).then(
    () => console.log(`raw sim server ready on http://127.0.0.1:${port} (pid ${process.pid})`),
    (error: unknown) => {
      console.error(error);
      process.exit(1);
    },
  );
}
