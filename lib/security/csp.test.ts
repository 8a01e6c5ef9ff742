import { createHash } from "node:crypto";
import { mkdirSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { buildPolicy, frameAncestors, hashSource, inlineScripts, normalisePath, readPrerenderedHashes } from "./csp";

const b64 = (s: string) => createHash("sha256").update(s).digest("base64");

describe("CSP", () => {
  it("hashes exactly the inline script bodies, skipping scripts with src", () => {
    const html = `<html><head><script>a()</script><script src="/x.js"></script><script async="">self.__next_f.push([1,"x"])</script></head><script></script></html>`;
    expect(inlineScripts(html)).toEqual(["a()", 'self.__next_f.push([1,"x"])']);
    expect(hashSource("a()")).toBe(`'sha256-${b64("a()")}'`);
  });

  it("maps prerendered HTML files to URL paths", () => {
    const dir = mkdtempSync(path.join(tmpdir(), "csp-"));
    mkdirSync(path.join(dir, "learn", "c"), { recursive: true });
    writeFileSync(path.join(dir, "index.html"), "<script>home()</script>");
    writeFileSync(path.join(dir, "learn", "c", "m.html"), "<script>one()</script><script>one()</script>");
    writeFileSync(path.join(dir, "learn", "c", "m.rsc"), "not html");
    const map = readPrerenderedHashes(dir);
    expect([...map.keys()].sort()).toEqual(["/", "/learn/c/m"]);
    expect(map.get("/learn/c/m")).toEqual([hashSource("one()")]);
    expect(readPrerenderedHashes(path.join(dir, "missing")).size).toBe(0);
    expect(normalisePath("/learn/c/m/")).toBe("/learn/c/m");
    expect(normalisePath("/")).toBe("/");
  });

  it("never allows inline scripts or eval in production, and denies framing by default", () => {
    const policy = buildPolicy({ scriptSources: ["'nonce-abc'"], dev: false, frameAncestors: frameAncestors({}) });
    const script = policy.split("; ").find((d) => d.startsWith("script-src"));
    expect(script).toBe("script-src 'self' 'nonce-abc'");
    expect(policy).toContain("frame-ancestors 'none'");
    expect(policy).toContain("object-src 'none'");
    expect(policy).toContain("base-uri 'self'");
  });

  it("accepts only https origins for embedding", () => {
    expect(frameAncestors({ LECTERN_FRAME_ANCESTORS: "https://lms.example.edu, javascript:alert(1) http://x.test *" })).toBe("https://lms.example.edu");
    expect(frameAncestors({ LECTERN_FRAME_ANCESTORS: "*" })).toBe("'none'");
  });
});
