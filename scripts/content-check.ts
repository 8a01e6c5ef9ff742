// `npm run content:check [-- --dir <path>]`: validates a content folder and lists every problem
// as file:line:column, what is wrong and how to fix it. Exit code 1 when anything is wrong.
import path from "node:path";
import { parseArgs } from "node:util";
import "@/lib/content/checks";
import { checkContent } from "@/lib/content/check";
import { formatProblem } from "@/lib/content/problems";

const { values } = parseArgs({ options: { dir: { type: "string" } } });
const root = path.resolve(values.dir ?? process.env.CONTENT_DIR ?? "content");

const { problems, chapters, catalog } = await checkContent(root);
if (problems.length) {
  console.error(problems.map(formatProblem).join("\n"));
  console.error(`\n✗ ${problems.length} problem${problems.length === 1 ? "" : "s"} in ${path.relative(process.cwd(), root) || "."}`);
  process.exit(1);
}
const modules = catalog.courses.reduce((n, c) => n + c.modules.length, 0);
console.log(`✓ content OK: ${catalog.courses.length} course(s), ${modules} module(s), ${chapters} chapter(s) in ${path.relative(process.cwd(), root) || "."}`);
