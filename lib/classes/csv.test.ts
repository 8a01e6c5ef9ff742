import { stringify } from "csv-stringify/sync";
import { describe, expect, it } from "vitest";
import { neutralise, toCsv } from "./csv";

/** csv-stringify with the options the exports used before the hand-written writer: the oracle. */
const reference = (header: string[], rows: unknown[][]) =>
  "\uFEFF" + stringify([header.map(neutralise), ...rows.map((r) => r.map(neutralise))], { record_delimiter: "\r\n", quoted_match: [/[\r\n]/, /^\s|\s$/] });

describe("toCsv", () => {
  it("writes exactly what csv-stringify writes, on awkward cells", () => {
    const cells: unknown[] = [
      "plain", "", " lead", "trail ", "a,b", 'say "hi"', "line\nbreak", "cr\rhere", "crlf\r\nx", "tab\tinside", "\ttab first",
      "=1+1", "+33 1", "-x", "@SUM(A1)", "Zoë 🎓", "'already", ",", '"', 0, 42, 3.5, -1, Number.NaN, Infinity, null, undefined, true, false,
      new Date(Date.UTC(2026, 0, 2, 3, 4, 5)), "ends with newline\n", " ", "a;b", "x | y",
    ];
    const rows: unknown[][] = [];
    for (let i = 0; i < cells.length; i++) rows.push([cells[i], cells[(i * 7 + 3) % cells.length], cells[(i * 11 + 5) % cells.length]]);
    expect(toCsv(["name", "=h", "with,comma"], rows)).toBe(reference(["name", "=h", "with,comma"], rows));
    expect(toCsv(["only"], [])).toBe(reference(["only"], []));
  });
  it("writes an answers-sized export exactly as csv-stringify does (its speed is measured in bench/dashboard, not here)", () => {
    const rows = Array.from({ length: 14_000 }, (_, i) => [`Learner ${i}`, `l${i}@example.test`, "quiz", 1, "q1", "Why, and how?", "a;b", "A | B", "yes", "no", new Date()]);
    const csv = toCsv(["a", "b", "c", "d", "e", "f", "g", "h", "i", "j", "k"], rows);
    expect(csv).toBe(reference(["a", "b", "c", "d", "e", "f", "g", "h", "i", "j", "k"], rows));
  });
});
