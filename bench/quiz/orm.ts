/**
 * What one query costs through Prisma 6 (client engine + better-sqlite3 adapter) next to the same
 * SQL through better-sqlite3 directly, in-process (no HTTP, no Next). The query is the one every
 * signed-in request runs: the session row with its user (lib/auth/sessions.ts runs the $queryRaw JOIN).
 *
 *   npx tsx bench/quiz/orm.ts            (uses bench/tmp/quiz.db from bench/quiz/run.ts; BENCH_N=400)
 */
import Database from "better-sqlite3";
import { PrismaBetterSQLite3 } from "@prisma/adapter-better-sqlite3";
import { existsSync } from "node:fs";
import path from "node:path";
import { PrismaClient } from "../../prisma/generated/sqlite/client";
import { median, TMP } from "../lib/common";

const N = Number(process.env.BENCH_N ?? 400);
const FILE = path.join(TMP, "quiz.db");

export interface OrmRow {
  what: string;
  wallUs: number;
  cpuUs: number;
}

async function time(what: string, fn: () => unknown | Promise<unknown>): Promise<OrmRow> {
  for (let i = 0; i < 50; i++) await fn();
  const walls: number[] = [];
  const cpus: number[] = [];
  for (let batch = 0; batch < 5; batch++) {
    const c0 = process.cpuUsage();
    const t0 = performance.now();
    for (let i = 0; i < N; i++) await fn();
    walls.push(((performance.now() - t0) * 1000) / N);
    const c = process.cpuUsage(c0);
    cpus.push((c.user + c.system) / N);
  }
  return { what, wallUs: median(walls), cpuUs: median(cpus) };
}

export async function ormBench(): Promise<OrmRow[]> {
  if (!existsSync(FILE)) throw new Error(`${FILE} is missing: run bench/quiz/run.ts first`);
  const raw = new Database(FILE, { readonly: true });
  const sid = (raw.prepare('SELECT id FROM "AuthSession" LIMIT 1').get() as { id: string }).id;
  const prisma = new PrismaClient({ adapter: new PrismaBetterSQLite3({ url: `file:${FILE}` }) });
  const rows: OrmRow[] = [];
  rows.push(await time("Prisma authSession.findUnique({ include: { user: true } })", () => prisma.authSession.findUnique({ where: { id: sid }, include: { user: true } })));
  rows.push(await time("Prisma authSession.findUnique (no include)", () => prisma.authSession.findUnique({ where: { id: sid } })));
  rows.push(
    await time("Prisma $queryRaw: one JOIN", () =>
      prisma.$queryRaw`SELECT s."id", s."lastSeenAt", s."expiresAt", s."revokedAt", u."id" AS "userId", u."email", u."name", u."role" FROM "AuthSession" s JOIN "User" u ON u."id" = s."userId" WHERE s."id" = ${sid}`,
    ),
  );
  const s1 = raw.prepare('SELECT * FROM "AuthSession" WHERE id = ?');
  const s2 = raw.prepare('SELECT * FROM "User" WHERE id = ?');
  const join = raw.prepare('SELECT s.*, u.email, u.name, u.role FROM "AuthSession" s JOIN "User" u ON u.id = s.userId WHERE s.id = ?');
  rows.push(await time("better-sqlite3: the same 2 statements, prepared once", () => s2.get((s1.get(sid) as { userId: string }).userId)));
  rows.push(await time("better-sqlite3: one JOIN, prepared once", () => join.get(sid)));
  rows.push(await time("better-sqlite3: 2 statements, prepared per call (as the adapter does)", () => {
    const a = raw.prepare('SELECT * FROM "AuthSession" WHERE id = ?').get(sid) as { userId: string };
    return raw.prepare('SELECT * FROM "User" WHERE id = ?').get(a.userId);
  }));
  await prisma.$disconnect();
  raw.close();
  return rows;
}

if (process.argv[1] && import.meta.filename === path.resolve(process.argv[1])) {
  ormBench().then((rows) => {
    for (const r of rows) console.log(`${r.what.padEnd(72)} ${r.wallUs.toFixed(0).padStart(6)} µs wall ${r.cpuUs.toFixed(0).padStart(6)} µs CPU`);
  });
}
