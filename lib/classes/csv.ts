/**
 * CSV exports: RFC 4180 quoting by csv-stringify (CRLF, quotes doubled, fields with commas,
 * quotes or line breaks quoted), UTF-8 with a BOM so spreadsheet apps read accents right, and
 * text cells that a spreadsheet would run as a formula neutralised with a leading `'`.
 */
import { stringify } from "csv-stringify/sync";

const FORMULA_START = /^[=+\-@\t\r]/;

/** `=HYPERLINK(...)` -> `'=HYPERLINK(...)`. Numbers are written as numbers (never negative here). */
export function neutralise(cell: unknown): string | number {
  if (cell === null || cell === undefined) return "";
  if (typeof cell === "number") return Number.isFinite(cell) ? cell : "";
  if (typeof cell === "boolean") return cell ? "true" : "false";
  if (cell instanceof Date) return cell.toISOString();
  const s = String(cell);
  return FORMULA_START.test(s) ? `'${s}` : s;
}

export function toCsv(header: string[], rows: unknown[][]): string {
  return "\uFEFF" + stringify([header.map(neutralise), ...rows.map((r) => r.map(neutralise))], { record_delimiter: "\r\n", quoted_match: [/[\r\n]/, /^\s|\s$/] });
}

export function csvResponse(filename: string, body: string): Response {
  return new Response(body, {
    status: 200,
    headers: {
      "content-type": "text/csv; charset=utf-8",
      "content-disposition": `attachment; filename="${filename.replace(/[^\w.-]/g, "_")}"`,
      "cache-control": "no-store",
      "x-content-type-options": "nosniff",
    },
  });
}
