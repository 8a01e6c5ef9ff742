#!/usr/bin/env node
// `npm audit` over production dependencies: no high or critical advisory, unless docs/security.md
// explains it (its GHSA id listed under "Accepted advisories"). Exit 0 clean, 1 unexplained
// findings, 2 the advisory service could not be reached (the result is then unknown, not clean).
import { spawnSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";

export function acceptedAdvisories(markdown) {
  const section = markdown.split(/^## /m).find((s) => s.startsWith("Accepted advisories")) ?? "";
  return new Set(section.match(/GHSA(-[23456789cfghjmpqrvwx]{4}){3}/g) ?? []);
}

/**
 * Findings at `high` or `critical` from `npm audit --json` output, each with the GHSA ids of the
 * advisories behind it. npm reports a package that is only vulnerable through another one (say
 * `micromatch` through `braces`) with the other's name in `via`; those are followed to the
 * advisories themselves, so accepting an advisory covers every package it reaches.
 */
export function seriousFindings(report) {
  const vulns = report.vulnerabilities ?? {};
  const advisoryIds = (name, seen = new Set()) => {
    if (seen.has(name)) return [];
    seen.add(name);
    return (vulns[name]?.via ?? []).flatMap((x) => (typeof x === "object" ? [String(x.url ?? x.source ?? "").split("/").pop()] : advisoryIds(x, seen)));
  };
  const out = [];
  for (const [name, v] of Object.entries(vulns)) {
    if (v.severity !== "high" && v.severity !== "critical") continue;
    const ids = [...new Set(advisoryIds(name))];
    out.push({ name, severity: v.severity, ids: ids.length ? ids : [`(through ${(v.via ?? []).join(", ")})`] });
  }
  return out;
}

/** The findings whose advisories are not all listed under "Accepted advisories". */
export function unexplainedFindings(findings, accepted) {
  return findings.filter((f) => !f.ids.every((id) => accepted.has(id)));
}

export function runAudit(cwd = process.cwd()) {
  const r = spawnSync("npm", ["audit", "--omit=dev", "--json"], { cwd, encoding: "utf8", timeout: 120_000 });
  let report;
  try {
    report = JSON.parse(r.stdout);
  } catch {
    return { reachable: false, reason: (r.stderr || r.stdout || "").trim().split("\n").filter(Boolean).pop() ?? "npm audit printed nothing" };
  }
  if (report.error || report.message) {
    // npm puts the HTTP answer in `message` ("405 Method Not Allowed - POST …") and may leave `error.summary` empty.
    const reason = [report.message, report.error?.summary, report.error?.detail].find((x) => typeof x === "string" && x.trim() !== "");
    return { reachable: false, reason: reason?.trim() ?? "npm audit answered with an error and no message" };
  }
  return { reachable: true, findings: seriousFindings(report) };
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const accepted = acceptedAdvisories(readFileSync(new URL("../../docs/security.md", import.meta.url), "utf8"));
  const result = runAudit();
  if (!result.reachable) {
    console.error(`npm audit could not reach the advisory service: ${result.reason}\nThe result is unknown; run it again where the registry's audit endpoint is reachable.`);
    process.exit(2);
  }
  const unexplained = unexplainedFindings(result.findings, accepted);
  for (const f of result.findings) console.log(`${unexplained.includes(f) ? "✗" : "·"} ${f.severity} ${f.name}: ${f.ids.join(", ")}`);
  if (unexplained.length) {
    console.error(`\n${unexplained.length} high or critical advisories in production dependencies are not explained in docs/security.md ("Accepted advisories"). Upgrade, or explain why Lectern is not affected.`);
    process.exit(1);
  }
  console.log(`npm audit: no unexplained high or critical advisory in production dependencies (${result.findings.length} explained).`);
}
