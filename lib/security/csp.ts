import { createHash, randomBytes } from "node:crypto";
import { existsSync, readdirSync, readFileSync } from "node:fs";
import path from "node:path";

/**
 * Content-Security-Policy without `unsafe-inline` scripts (issue 10), that keeps static pages
 * cacheable by a CDN:
 *
 * - A **prerendered** page (chapters, module, course, home) is the same bytes for everyone, so
 *   its inline scripts (Next's flight data, React's boundary scripts, the theme script) are
 *   allowed by their SHA-256 hashes, read once from the build output. The policy is the same
 *   on every request, so a shared cache may keep page and header together.
 * - A **dynamic** page (account, dashboard, sign-in…) gets a fresh nonce per request; Next reads
 *   it from the request's CSP header and puts it on every script it renders.
 *
 * The build output is read lazily and kept for the life of the process: it is the same for
 * every user and every instance of a build, so it is not per-user state.
 */

export { THEME_SCRIPT } from "./theme-script";

export function hashSource(script: string): string {
  return `'sha256-${createHash("sha256").update(script, "utf8").digest("base64")}'`;
}

const INLINE_SCRIPT = /<script\b(?![^>]*\bsrc\s*=)[^>]*>([\s\S]*?)<\/script>/gi;

/** The bodies of every inline `<script>` in an HTML document (scripts with `src` are covered by 'self'). */
export function inlineScripts(html: string): string[] {
  return [...html.matchAll(INLINE_SCRIPT)].map((m) => m[1] ?? "").filter((body) => body.length > 0);
}

/** Maps each prerendered page's URL path to the hash sources of its inline scripts. */
export function readPrerenderedHashes(appDir: string): Map<string, string[]> {
  const pages = new Map<string, string[]>();
  if (!existsSync(appDir)) return pages;
  const walk = (dir: string) => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const file = path.join(dir, entry.name);
      if (entry.isDirectory()) walk(file);
      else if (entry.name.endsWith(".html")) {
        const rel = path.relative(appDir, file).slice(0, -".html".length).split(path.sep).join("/");
        const urlPath = rel === "index" ? "/" : `/${rel}`;
        pages.set(urlPath, [...new Set(inlineScripts(readFileSync(file, "utf8")).map(hashSource))]);
      }
    }
  };
  walk(appDir);
  return pages;
}

export function normalisePath(pathname: string): string {
  return pathname.length > 1 && pathname.endsWith("/") ? pathname.slice(0, -1) : pathname;
}

export interface PolicyOptions {
  /** `'nonce-…'` for dynamic pages, or the hash sources of a prerendered page. */
  scriptSources: string[];
  dev: boolean;
  /** Who may embed Lectern in a frame; default nobody. */
  frameAncestors: string;
  /** Extra form targets (OAuth providers redirect the sign-in form). */
  formActions?: string[];
}

export function buildPolicy(o: PolicyOptions): string {
  const script = o.dev ? ["'self'", "'unsafe-inline'", "'unsafe-eval'"] : ["'self'", ...o.scriptSources];
  return [
    "default-src 'self'",
    `script-src ${script.join(" ")}`,
    // Shiki's highlighting and React's style props are inline style attributes; styles cannot run code.
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data: blob:",
    "font-src 'self'",
    o.dev ? "connect-src 'self' ws: wss:" : "connect-src 'self'",
    "object-src 'none'",
    "base-uri 'self'",
    `form-action ${["'self'", ...(o.formActions ?? [])].join(" ")}`,
    `frame-ancestors ${o.frameAncestors}`,
  ].join("; ");
}

export function newNonce(): string {
  return randomBytes(16).toString("base64");
}

/** `LECTERN_FRAME_ANCESTORS="https://lms.example.edu"` lets an LMS embed Lectern; default `'none'`. */
export function frameAncestors(env: Record<string, string | undefined> = process.env): string {
  const list = (env.LECTERN_FRAME_ANCESTORS ?? "").split(/[\s,]+/).filter((s) => /^https:\/\/[a-z0-9.-]+(:\d+)?$/i.test(s));
  return list.length > 0 ? list.join(" ") : "'none'";
}

export function oauthFormActions(env: Record<string, string | undefined> = process.env): string[] {
  const out: string[] = [];
  if (env.GITHUB_ID && env.GITHUB_SECRET) out.push("https://github.com");
  if (env.GOOGLE_ID && env.GOOGLE_SECRET) out.push("https://accounts.google.com");
  return out;
}
