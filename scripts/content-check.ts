// `npm run content:check [-- --dir <path>]`: validates a content folder and lists every problem
// as file:line:column, what is wrong and how to fix it. Exit code 1 when anything is wrong.
import path from "node:path";
import { parseArgs } from "node:util";
import "@/lib/content/checks";
import { checkContent } from "@/lib/content/check";
import { formatProblem, relativeFile } from "@/lib/content/problems";

const USAGE = "usage: npm run content:check [-- --dir <content folder>]   (default: $CONTENT_DIR or content/)";
let args: ReturnType<typeof parse>;
const parse = () => parseArgs({ options: { dir: { type: "string" }, help: { type: "boolean", short: "h" } }, allowPositionals: true });
try {
  args = parse();
} catch (e) {
  console.error(`${(e as Error).message}\n${USAGE}`);
  process.exit(2);
}
if (args.values.help) {
  console.log(USAGE);
  process.exit(0);
}
const root = path.resolve(args.values.dir ?? args.positionals[0] ?? process.env.CONTENT_DIR ?? "content");

const { problems, chapters, catalog } = await checkContent(root);
if (problems.length) {
  console.error(problems.map(formatProblem).join("\n"));
  console.error(`\n✗ ${problems.length} problem${problems.length === 1 ? "" : "s"} in ${relativeFile(root) || "."}`);
  console.error("  Each line is file:line:column: what is wrong, then how to fix it (docs/authoring.md, “Checking your work”).");
  process.exit(1);
}
const modules = catalog.courses.reduce((n, c) => n + c.modules.length, 0);
console.log(`✓ content OK: ${catalog.courses.length} course(s), ${modules} module(s), ${chapters} chapter(s) in ${relativeFile(root) || "."}`);
