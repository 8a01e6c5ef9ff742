import { cpSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { mdxComponentsFor, type ChapterContext } from "@/components/mdx/mdx-components";
import { checkContent } from "./check";
import "./checks";
import { formatProblem } from "./problems";
import { propRows } from "./props";
import { ComponentRegistry, componentNames } from "./registry";

describe("the component registry", () => {
  it("lists the same components as the MDX components map (components/mdx/mdx-components.tsx)", () => {
    const map = mdxComponentsFor({} as ChapterContext);
    // Lower-case keys (a, img, table, wrapper) style Markdown output; capitalised ones are what authors write.
    const mapped = Object.keys(map).filter((k) => /^[A-Z]/.test(k)).sort();
    expect(mapped).toEqual([...componentNames].sort());
  });

  it("every example passes the checker, so the gallery and the guide only show valid MDX", async () => {
    const dir = mkdtempSync(path.join(tmpdir(), "lectern-registry-"));
    cpSync(path.resolve("content"), dir, { recursive: true });
    const body = componentNames.map((n) => ComponentRegistry[n].example).join("\n\n");
    const file = path.join(dir, "scaling-web-apps", "01-statelessness", "99-gallery.mdx");
    writeFileSync(file, `---\ntitle: Gallery\nsummary: Every example.\norder: 99\nminutes: 1\nobjectives: [Show every component]\n---\n\n## Examples\n\n${body}\n`);
    const { problems } = await checkContent(dir);
    expect(problems.map(formatProblem)).toEqual([]);
  });

  it("derives each props table from the zod schema the checker uses", () => {
    expect(propRows("ScenarioTrace").map((r) => [r.name, r.type, r.required])).toEqual([
      ["strategy", '"memory" | "sticky" | "store" | "jwt"', true],
      ["servers", "whole number, 1–9", false],
      ["actions", "text (not empty)", true],
      ["expect", "text (not empty)", true],
      ["caption", "text", false],
    ]);
    expect(propRows("Callout")[0]).toMatchObject({ name: "type", default: '"note"', required: false });
    expect(propRows("SessionLab")).toEqual([]);
    for (const name of componentNames) for (const row of propRows(name)) expect(row.description, `${name}.${row.name} needs a description`).toBeTruthy();
  });

  it("docs/authoring.md documents every component and every prop", () => {
    const guide = readFileSync("docs/authoring.md", "utf8");
    for (const name of componentNames) {
      expect(guide, `the guide is missing <${name}>`).toContain(`### \`<${name}>\``);
      for (const row of propRows(name)) expect(guide, `the guide is missing ${name}'s prop ${row.name}`).toMatch(new RegExp(`\\| \`${row.name}\` \\|`));
    }
  });
});
