import { serverEnv } from "@/lib/env";

try {
  serverEnv();
} catch (e) {
  console.error(`\nLectern refuses to start: ${(e as Error).message}\n`);
  process.exit(1);
}
