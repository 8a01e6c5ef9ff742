/**
 * No N+1: every dashboard loader runs the same, small number of SQL queries for a class of 5
 * learners and for a class of 1,100 (past Prisma's IN-list chunk size, so chunked relation loads would show). Counted on a real SQLite database through Prisma's query log
 * (which the better-sqlite3 driver adapter emits).
 */
import { PrismaBetterSQLite3 } from "@prisma/adapter-better-sqlite3";
import { migratedSqliteFile } from "@/tests/unit/sqlite-file";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { PrismaClient } from "@/prisma/generated/sqlite/client";
import { seedClass } from "./seed";
import { courseShape, loadAnswersExport, loadLearnerDetail, loadOverview, loadOverviewExport, loadQuestionAnalytics } from "./service";

const testDb = migratedSqliteFile("qc");
const file = testDb.file;
let client: PrismaClient<"query">;
let queries = 0;
const owner = { id: "owner-1", role: "instructor" as const };
const classes: { small: string; big: string; smallLearner: string; bigLearner: string } = { small: "", big: "", smallLearner: "", bigLearner: "" };

beforeAll(async () => {
  client = new PrismaClient({ adapter: new PrismaBetterSQLite3({ url: `file:${file}` }), log: [{ emit: "event", level: "query" }] });
  client.$on("query", () => {
    queries++;
  });
  await client.user.create({ data: { id: owner.id, email: "owner@example.test", name: "Owner", role: "instructor" } });
  const course = courseShape("scaling-web-apps");
  if (!course) throw new Error("the test needs the scaling-web-apps course");
  const small = await seedClass(client, { ownerId: owner.id, course, learners: 5, tag: "s" });
  const big = await seedClass(client, { ownerId: owner.id, course, learners: 1100, tag: "b" });
  classes.small = small.klass.id;
  classes.big = big.klass.id;
  classes.smallLearner = (await client.enrollment.findFirstOrThrow({ where: { classId: small.klass.id } })).userId;
  classes.bigLearner = (await client.enrollment.findFirstOrThrow({ where: { classId: big.klass.id } })).userId;
}, 60_000);

afterAll(async () => {
  await client?.$disconnect();
  testDb.remove();
});

async function count(run: () => Promise<unknown>) {
  queries = 0;
  await run();
  return queries;
}

const query = { filter: "all" as const, sort: "name" as const, dir: "asc" as const, q: "", page: 1 };

describe("dashboard loaders run a constant number of queries", () => {
  const loaders: [string, (classId: string, learner: string) => Promise<unknown>, number][] = [
    ["overview", (id) => loadOverview(owner, id, query, client), 3],
    ["question analytics", (id) => loadQuestionAnalytics(owner, id, client), 4],
    ["learner detail", (id, learner) => loadLearnerDetail(owner, id, learner, client), 9],
    ["overview CSV", (id) => loadOverviewExport(owner, id, client), 3],
    ["answers CSV", (id) => loadAnswersExport(owner, id, client), 2],
  ];
  for (const [name, load, max] of loaders) {
    it(`${name}: same count for 5 and 1,100 learners, at most ${max}`, async () => {
      const small = await count(() => load(classes.small, classes.smallLearner));
      const big = await count(() => load(classes.big, classes.bigLearner));
      expect(big).toBe(small);
      console.log(`[query-count] ${name}: ${big} queries`);
      expect(big).toBeLessThanOrEqual(max);
    });
  }
  it("refuses another instructor and a learner without querying class data", async () => {
    await expect(loadOverview({ id: "someone-else", role: "instructor" }, classes.big, query, client)).rejects.toMatchObject({ status: 404 });
    await expect(loadOverview({ id: owner.id, role: "learner" }, classes.big, query, client)).rejects.toMatchObject({ status: 404 });
    await expect(loadLearnerDetail(owner, classes.big, classes.smallLearner, client)).rejects.toMatchObject({ status: 404 });
    const page = (await loadOverview({ id: "admin", role: "admin" }, classes.big, query, client)) as { learners: number };
    expect(page.learners).toBe(1100);
  });
});
