import { describe, expect, it } from "vitest";
import { neutralise, toCsv } from "./csv";

describe("CSV", () => {
  it("neutralises formula-like text cells and quotes per RFC 4180", () => {
    expect(neutralise("=1+1")).toBe("'=1+1");
    expect(neutralise("+33 1")).toBe("'+33 1");
    expect(neutralise("-x")).toBe("'-x");
    expect(neutralise("@SUM(A1)")).toBe("'@SUM(A1)");
    expect(neutralise("plain")).toBe("plain");
    expect(neutralise(42)).toBe(42);
    const csv = toCsv(["name", "n"], [['Zoë "Z", =HYPERLINK("x")', 3], ["line\nbreak", 0]]);
    expect(csv.startsWith("\uFEFF")).toBe(true);
    expect(csv).toContain('"Zoë ""Z"", =HYPERLINK(""x"")",3\r\n');
    expect(csv).toContain('"line\nbreak",0\r\n');
    expect(toCsv(["a"], [["=cmd"]])).toContain("'=cmd");
  });
});
