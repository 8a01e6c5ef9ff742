/** Sums a `node --cpu-prof` profile's self time per function and per package, mapped through Turbopack source maps. */
import { existsSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { SourceMap } from "node:module";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { sleep } from "./common";

export interface Node {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number; columnNumber: number };
  hitCount?: number;
  children?: number[];
}

const maps = new Map<string, SourceMap | null>();
function originalOf(frame: Node["callFrame"]): string {
  const url = frame.url;
  if (!url.includes("/.next") || !url.endsWith(".js")) return `${frame.functionName || "(anon)"} ${url.replace(/^file:\/\/.*node_modules\//, "nm/").replace(/^file:\/\//, "")}`;
  let map = maps.get(url);
  if (map === undefined) {
    const file = url.startsWith("file:") ? fileURLToPath(url) : url;
    map = existsSync(`${file}.map`) ? new SourceMap(JSON.parse(readFileSync(`${file}.map`, "utf8"))) : null;
    maps.set(url, map);
  }
  const e = map?.findEntry(frame.lineNumber, frame.columnNumber) as { originalSource?: string } | undefined;
  const src = (e?.originalSource ?? url).replace(/^.*node_modules\//, "nm/").replace(/^turbopack:\/\/\/\[project\]\//, "");
  return `${frame.functionName || "(anon)"} ${src}`;
}


/** Waits for the profile in `dir`, prints the top entries (µs per request) over the last `seconds`, removes `dir`. */
export async function summarizeProfile(dir: string, seconds: number, reqs: number, top: number, label: string, rps: number): Promise<void> {
  const SECONDS = seconds;
  const TOP = top;
  const which = label;
  const urlPath = "";
  for (let i = 0; i < 100 && !readdirSync(dir).some((f) => f.endsWith(".cpuprofile")); i++) await sleep(200);
  await sleep(1000);
  const r = { requests: { total: reqs, average: rps } };
  const files = readdirSync(dir).filter((f) => f.endsWith(".cpuprofile"));
  const self = new Map<string, number>();
  let total = 0;
  for (const f of files) {
    const prof = JSON.parse(readFileSync(path.join(dir, f), "utf8")) as { nodes: Node[]; samples: number[]; timeDeltas: number[]; startTime: number; endTime: number };
    const byId = new Map(prof.nodes.map((n) => [n.id, n]));
    // Only the last SECONDS of the profile (the measured load), not start-up or warm-up.
    let t = prof.startTime;
    const from = prof.endTime - SECONDS * 1e6 - 1e6;
    prof.samples.forEach((id, i) => {
      t += prof.timeDeltas[i] ?? 0;
      if (t < from) return;
      const n = byId.get(id)!;
      if (n.callFrame.functionName === "(idle)" || n.callFrame.functionName === "(program)") return;
      const key = originalOf(n.callFrame);
      const dt = prof.timeDeltas[i] ?? 0;
      self.set(key, (self.get(key) ?? 0) + dt);
      total += dt;
    });
  }
  rmSync(dir, { recursive: true, force: true });
  console.log(`${which}: ${reqs} requests in ${SECONDS} s, ${(r.requests.average).toFixed(0)} req/s; profiled CPU ${(total / reqs).toFixed(0)} µs/req (excluding idle/program)`);
  // Grouped by source file
  const byFile = new Map<string, number>();
  for (const [k, v] of self) {
    const file = k.slice(k.indexOf(" ") + 1).replace(/:\d+$/, "");
    const group = file.startsWith("nm/") ? file.split("/").slice(0, file.split("/")[1]?.startsWith("@") ? 3 : 2).join("/") + (file.includes("next/dist/") ? `/${file.split("next/dist/")[1]?.split("/").slice(0, 2).join("/")}` : "") : file;
    byFile.set(group, (byFile.get(group) ?? 0) + v);
  }
  console.log("\nby package / source (µs per request):");
  for (const [k, v] of [...byFile].sort((a, b) => b[1] - a[1]).slice(0, TOP)) console.log(`  ${(v / reqs).toFixed(1).padStart(8)}  ${k}`);
  console.log("\nheaviest functions (self µs per request):");
  for (const [k, v] of [...self].sort((a, b) => b[1] - a[1]).slice(0, TOP)) console.log(`  ${(v / reqs).toFixed(1).padStart(8)}  ${k}`);
}
