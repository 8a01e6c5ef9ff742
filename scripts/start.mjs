// `npm start`: prepare the database, build when the sources changed, serve, print the URL.
import { spawn } from "node:child_process";
import { buildIfNeeded, nextStartArgs } from "./build-if-needed.mjs";
import { setup } from "./setup.mjs";

process.env.NEXT_TELEMETRY_DISABLED = "1";
// `npm start` is the local default: a generated secret is fine. A deployment sets LECTERN_ENV=production
// (or runs `next start` itself) and must then provide AUTH_SECRET.
if (process.env.LECTERN_ENV !== "production") process.env.LECTERN_LOCAL = "1";
const port = process.env.PORT || "3000";
// This machine only, by default: the local default has demo accounts with published passwords.
const host = process.env.HOST || "127.0.0.1";

try {
  setup();
} catch (e) {
  console.error(`\nLectern could not prepare its database: ${e.message}`);
  process.exit(1);
}
buildIfNeeded();

const child = spawn(process.execPath, nextStartArgs(port, host), { stdio: ["inherit", "pipe", "inherit"] });
let announced = false;
child.stdout.on("data", (chunk) => {
  const text = chunk.toString();
  process.stdout.write(text);
  if (!announced && /ready|started server|Local:/i.test(text)) {
    announced = true;
    console.log(`\n  Lectern is running at http://localhost:${port}\n`);
    if (process.env.LECTERN_LOCAL === "1")
      console.log("  Demo logins (local only): learner@example.com / learn-lectern-1, instructor@example.com / teach-lectern-1\n");
  }
});
for (const sig of ["SIGINT", "SIGTERM"]) process.on(sig, () => child.kill(sig));
child.on("exit", (code) => process.exit(code ?? 0));
