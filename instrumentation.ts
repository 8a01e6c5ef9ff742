// Runs once when a server instance starts: refuse to boot in production without secrets.
export async function register() {
  if (process.env.NEXT_RUNTIME === "nodejs") await import("./lib/server/boot-check");
}
