/**
 * Session-strategy engine benchmark.
 *
 *   npx tsx bench/sim/engine.bench.ts
 *
 * Times (median of several rounds, after warm-up):
 *   - one 500-action run per strategy, with the real jose codec (what POST /api/sim does) and with
 *     the synchronous replay codec (what the browser / deriveMilestones use);
 *   - 10,000 steps = 20 runs of 500 actions (5 per strategy), jose codec;
 *   - the whole API handler on a 500-action body (read + JSON.parse + zod + engine + JSON.stringify);
 *   - deriveMilestones on 500 actions (4 lanes);
 *   - the response size of a typical and of a worst-case 500-action run.
 * The action log is generated with a fixed-seed LCG, so every run of the benchmark times the same work.
 */
import { handleSimPost } from "../../lib/sim/api";
import { runSim, runSimSync } from "../../lib/sim/engine";
import { createJoseJwt } from "../../lib/sim/jwt";
import { deriveMilestones } from "../../lib/sim/milestones";
import { STRATEGIES, type Action, type ServerId, type Strategy } from "../../lib/sim/types";

const SECRET = new TextEncoder().encode("bench-secret-bench-secret-bench-secret!!");
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 15);
const WARMUP = 3;

function lcg(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (Math.imul(state, 1664525) + 1013904223) >>> 0;
    return state / 2 ** 32;
  };
}

/** A realistic mix: mostly requests, some logins, kills/revives, tampers, outages and waits. */
function makeActions(count: number, servers: number, seed: number): Action[] {
  const rand = lcg(seed);
  const server = (): ServerId => `S${1 + Math.floor(rand() * servers)}` as ServerId;
  const actions: Action[] = [];
  for (let i = 0; i < count; i++) {
    const r = rand();
    if (r < 0.5) actions.push({ type: "request" });
    else if (r < 0.62) actions.push({ type: "login", user: rand() < 0.5 ? "alice" : "bob" });
    else if (r < 0.7) actions.push({ type: "kill", server: server() });
    else if (r < 0.8) actions.push({ type: "revive", server: server() });
    else if (r < 0.85) actions.push({ type: "logout" });
    else if (r < 0.9) actions.push({ type: "tamper" });
    else if (r < 0.93) actions.push({ type: "storeDown" });
    else if (r < 0.96) actions.push({ type: "storeUp" });
    else actions.push({ type: "wait", seconds: 1 + Math.floor(rand() * 600) });
  }
  return actions;
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

async function time(label: string, fn: () => Promise<unknown> | unknown, extra?: (ms: number) => string): Promise<number> {
  for (let i = 0; i < WARMUP; i++) await fn();
  const samples: number[] = [];
  for (let i = 0; i < ROUNDS; i++) {
    const start = performance.now();
    await fn();
    samples.push(performance.now() - start);
  }
  const m = median(samples);
  const min = Math.min(...samples);
  const max = Math.max(...samples);
  console.log(
    `${label.padEnd(44)} median ${m.toFixed(2).padStart(8)} ms   (min ${min.toFixed(2)}, max ${max.toFixed(2)})${extra ? `   ${extra(m)}` : ""}`,
  );
  return m;
}

async function main() {
  const servers = 3;
  const actions = makeActions(500, servers, 42);
  const jwt = createJoseJwt(SECRET);
  console.log(`node ${process.version}, ${ROUNDS} rounds after ${WARMUP} warm-up, 500-action log (seed 42), ${servers} servers\n`);

  console.log("One 500-action run, jose codec (the API's engine):");
  for (const strategy of STRATEGIES) {
    await time(`  runSim ${strategy}`, () => runSim({ strategy, servers, actions }, jwt), (ms) => `${((ms / 500) * 1000).toFixed(1)} µs/step`);
  }

  console.log("\nOne 500-action run, replay codec (sync, browser):");
  for (const strategy of STRATEGIES) {
    await time(`  runSimSync ${strategy}`, () => runSimSync({ strategy, servers, actions }), (ms) => `${((ms / 500) * 1000).toFixed(1)} µs/step`);
  }

  console.log("\n10,000 steps = 20 runs x 500 actions (5 runs per strategy, different seeds), jose codec:");
  const runs: { strategy: Strategy; actions: Action[] }[] = Array.from({ length: 20 }, (_, i) => ({
    strategy: STRATEGIES[i % 4]!,
    actions: makeActions(500, servers, 1000 + i),
  }));
  await time(
    "  20 x runSim",
    async () => {
      for (const r of runs) await runSim({ strategy: r.strategy, servers, actions: r.actions }, jwt);
    },
    (ms) => `${((ms / 10_000) * 1000).toFixed(1)} µs/step, ${Math.round(10_000 / (ms / 1000)).toLocaleString("en")} steps/s`,
  );
  await time(
    "  20 x runSimSync",
    () => {
      for (const r of runs) runSimSync({ strategy: r.strategy, servers, actions: r.actions });
    },
    (ms) => `${((ms / 10_000) * 1000).toFixed(1)} µs/step, ${Math.round(10_000 / (ms / 1000)).toLocaleString("en")} steps/s`,
  );

  console.log("\nWhole API handler (POST /api/sim minus HTTP), 500 actions:");
  const deps = { getSecret: () => SECRET };
  for (const strategy of ["memory", "jwt"] as const) {
    const body = JSON.stringify({ strategy, servers, actions });
    let bytes = 0;
    await time(`  handleSimPost ${strategy} (${(body.length / 1024).toFixed(1)} KB in)`, async () => {
      const response = await handleSimPost(new Request("http://bench/api/sim", { method: "POST", body }), deps);
      bytes = (await response.arrayBuffer()).byteLength;
    }, () => `${(bytes / 1024).toFixed(0)} KB out`);
  }

  console.log("\nMilestones (4 lanes, replay codec), 500 actions:");
  await time("  deriveMilestones", () => deriveMilestones(actions, servers));

  console.log("\nResponse size, worst case (500 logins, memory, 9 servers: sessions pile up in every snapshot):");
  const logins: Action[] = Array.from({ length: 500 }, (_, i) => ({ type: "login", user: `user${i}` }));
  let worstBytes = 0;
  await time("  handleSimPost memory 500 logins", async () => {
    const response = await handleSimPost(
      new Request("http://bench/api/sim", { method: "POST", body: JSON.stringify({ strategy: "memory", servers: 9, actions: logins }) }),
      deps,
    );
    worstBytes = (await response.arrayBuffer()).byteLength;
  }, () => `${(worstBytes / 1024 / 1024).toFixed(2)} MB out`);
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
