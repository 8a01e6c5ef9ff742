// Preloaded into `next start` by bench/queries/run.ts (node --require): counts the SQL statements
// the server runs through better-sqlite3 (what Prisma's SQLite adapter calls: prepare per query,
// exec for BEGIN/COMMIT), and serves the running totals as JSON on 127.0.0.1:$BENCH_QUERY_COUNT_PORT.
// Bench only: Lectern's code is not changed.
const Database = require("better-sqlite3");
const counts = { prepare: 0, exec: 0, statements: [] };
const KEEP = 200;
for (const method of ["prepare", "exec"]) {
  const orig = Database.prototype[method];
  Database.prototype[method] = function (sql, ...rest) {
    counts[method]++;
    counts.statements.push(String(sql).replace(/\s+/g, " ").slice(0, 160));
    if (counts.statements.length > KEEP) counts.statements.shift();
    return orig.call(this, sql, ...rest);
  };
}
const port = Number(process.env.BENCH_QUERY_COUNT_PORT || 0);
if (port) {
  const server = require("node:http").createServer((req, res) => {
    res.setHeader("content-type", "application/json");
    res.end(JSON.stringify(counts));
  });
  server.on("error", () => {}); // a child process inheriting NODE_OPTIONS: the parent has the port
  server.listen(port, "127.0.0.1");
  server.unref();
}
